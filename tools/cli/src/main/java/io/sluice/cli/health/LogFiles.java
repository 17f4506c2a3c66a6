package io.sluice.cli.health;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Small reads of component logs: their tail for error messages, and readiness lines. */
public final class LogFiles {

  /** Only the end of a log is read for its tail; enough for any sane number of lines. */
  private static final int TAIL_BYTES = 64 * 1024;

  /** Readiness lines come early in a run; scanning the first megabytes after launch suffices. */
  private static final int READY_SCAN_BYTES = 4 * 1024 * 1024;

  private LogFiles() {}

  /** The current length of {@code log}, 0 when it does not exist. */
  public static long length(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last {@code count} lines of {@code log} (fewer if it is shorter or missing). */
  public static List<String> tail(Path log, int count) {
    long length = length(log);
    String text = read(log, Math.max(0, length - TAIL_BYTES), TAIL_BYTES);
    if (text.isEmpty()) {
      return List.of();
    }
    Deque<String> lines = new ArrayDeque<>();
    for (String line : text.split("\\R")) {
      lines.addLast(line);
      if (lines.size() > count) {
        lines.removeFirst();
      }
    }
    return List.copyOf(lines);
  }

  /**
   * Whether a line starting with {@code prefix} was written to {@code log} after {@code offset}.
   */
  public static boolean hasLineAfter(Path log, long offset, String prefix) {
    return read(log, offset, READY_SCAN_BYTES).lines().anyMatch(line -> line.startsWith(prefix));
  }

  private static String read(Path log, long offset, int maxBytes) {
    if (!Files.exists(log)) {
      return "";
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.min(offset, file.length());
      byte[] bytes = new byte[(int) Math.min(maxBytes, file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}

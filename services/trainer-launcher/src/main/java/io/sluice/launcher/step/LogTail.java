package io.sluice.launcher.step;

import io.sluice.events.StepFailed;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The end of a step's log, fit for an event: secret values masked, at most a given number of UTF-8
 * bytes, never a split character. Only the end of the file is read, however large the log.
 */
public final class LogTail {

  static final String MASK = "***";

  private final int maxBytes;
  private final List<String> secrets;

  public LogTail(int maxBytes, List<String> secrets) {
    this.maxBytes = Math.max(0, Math.min(maxBytes, StepFailed.MAX_LOG_TAIL_BYTES));
    // Longest first, so a secret that contains another is masked whole.
    this.secrets =
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** The redacted tail of the log file, or empty when there is none. */
  public String of(Path logFile) throws IOException {
    if (!Files.isRegularFile(logFile)) {
      return "";
    }
    int longestSecret =
        secrets.isEmpty() ? 0 : secrets.get(0).getBytes(StandardCharsets.UTF_8).length;
    try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
      // Read a little more than we keep, so a secret cut by the window's start is still masked.
      long window = Math.min(file.length(), (long) maxBytes + longestSecret + 4);
      byte[] bytes = new byte[(int) window];
      file.seek(file.length() - window);
      file.readFully(bytes);
      return of(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /** The redacted tail of the given text. */
  public String of(String log) {
    String redacted = log;
    for (String secret : secrets) {
      redacted = redacted.replace(secret, MASK);
    }
    return tail(redacted);
  }

  private String tail(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return text;
    }
    int start = bytes.length - maxBytes;
    while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
      start++; // a continuation byte: begin at the next whole character
    }
    return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
  }
}

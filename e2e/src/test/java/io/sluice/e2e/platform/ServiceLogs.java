package io.sluice.e2e.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The process logs in {@code <SLUICE_HOME>/logs}: the last lines of each, for failure reports, and
 * what one of them gained since a mark.
 */
public final class ServiceLogs {

  private final Path logDir;

  ServiceLogs(Path home) {
    this.logDir = home.resolve("logs");
  }

  /** One block per log file: a title line and its last {@code lines} lines. */
  public String tails(int lines) {
    if (!Files.isDirectory(logDir)) {
      return "(no log folder at " + logDir + ")\n";
    }
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        text.append("===== ").append(log).append(" (last ").append(lines).append(" lines)\n");
        tail(log, lines).forEach(line -> text.append(line).append('\n'));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The current length of a component's log, 0 before it has one: a mark for {@link #since}. */
  public long mark(String component) {
    Path log = logDir.resolve(component + ".log");
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a component's log gained after {@code mark}. */
  public String since(String component, long mark) {
    Path log = logDir.resolve(component + ".log");
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(mark, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> tail(Path log, int lines) throws IOException {
    // Logs are small in a test run; reading them whole keeps this simple.
    List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    return all.subList(Math.max(0, all.size() - lines), all.size());
  }
}

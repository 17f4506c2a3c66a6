package io.sluice.e2e.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The last lines of each process log in {@code <SLUICE_HOME>/logs}, for failure reports. */
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

  private static List<String> tail(Path log, int lines) throws IOException {
    // Logs are small in a test run; reading them whole keeps this simple.
    List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    return all.subList(Math.max(0, all.size() - lines), all.size());
  }
}

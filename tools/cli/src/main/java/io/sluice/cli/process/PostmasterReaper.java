package io.sluice.cli.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds a PostgreSQL server that outlived the process that started it. The Postgres component runs
 * the server through {@code pg_ctl}, which detaches it, so it is no descendant of that JVM: if the
 * JVM dies without stopping it (killed, crashed), the server keeps running on its data folder. Its
 * {@code postmaster.pid} names it; it is only trusted when that process's command line names the
 * same data folder.
 */
public final class PostmasterReaper {

  private PostmasterReaper() {}

  /** The live postmaster serving {@code dataDir}, if there is one. */
  public static Optional<ProcessHandle> find(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      long pid = Long.parseLong(lines.get(0).trim());
      String dataDirText = dataDir.toAbsolutePath().normalize().toString();
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(handle -> CommandLines.of(handle).contains(dataDirText));
    } catch (IOException | RuntimeException e) {
      // Unreadable or half-written: it identifies nothing we may signal.
      return Optional.empty();
    }
  }
}

package io.sluice.cli.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts processes that outlive the CLI: output appended to a log file, no standard input, and,
 * where {@code setsid} exists, in a session of their own so that a Ctrl-C or a closed terminal
 * aimed at {@code ./sluice} does not reach them.
 */
public final class ProcessLauncher {

  private static final File NO_INPUT = new File("/dev/null");

  private final Optional<Path> setsid;

  public ProcessLauncher() {
    this(findOnPath("setsid"));
  }

  ProcessLauncher(Optional<Path> setsid) {
    this.setsid = setsid;
  }

  /** Starts {@code spec} in the background with its output appended to {@code logFile}. */
  public Process startDetached(LaunchSpec spec, Path logFile) throws IOException {
    List<String> command = new ArrayList<>();
    // setsid execs the command in place (a fresh child is no group leader), so the pid stays.
    setsid.ifPresent(path -> command.add(path.toString()));
    command.addAll(spec.command());
    return builder(spec, command, logFile).start();
  }

  /**
   * Runs {@code spec} to completion with its output appended to {@code logFile}.
   *
   * @return the exit code
   * @throws IOException when it cannot start or does not finish within {@code timeout}
   */
  public int runToCompletion(LaunchSpec spec, Path logFile, Duration timeout) throws IOException {
    Process process = builder(spec, spec.command(), logFile).start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "'" + String.join(" ", spec.command()) + "' did not finish within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while waiting for " + spec.command(), e);
    }
  }

  private static ProcessBuilder builder(LaunchSpec spec, List<String> command, Path logFile)
      throws IOException {
    Files.createDirectories(logFile.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(spec.workingDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    builder.environment().putAll(spec.environment());
    return builder;
  }

  static Optional<Path> findOnPath(String executable) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, executable);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}

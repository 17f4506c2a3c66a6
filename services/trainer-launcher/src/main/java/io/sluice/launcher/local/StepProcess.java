package io.sluice.launcher.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running step command: stdout and stderr go to one log file, bounded by {@link LogCapture}; it
 * can be killed with all its descendants, from any thread.
 */
final class StepProcess {

  /** How the command ended. */
  enum End {
    EXITED,
    TIMED_OUT,
    KILLED
  }

  /** The end of a log past its limit that is still kept: what explains a failure. */
  static final int KEPT_LOG_TAIL_BYTES = LogCapture.KEPT_TAIL_BYTES;

  /**
   * How long the log may still be copied after the command exited: a descendant that outlives it
   * and keeps its output open must not hold the attempt forever.
   */
  private static final Duration LOG_DRAIN_PATIENCE = Duration.ofSeconds(10);

  private final Process process;
  private final Thread logCopier;
  private volatile boolean killed;

  private StepProcess(Process process, Thread logCopier) {
    this.process = process;
    this.logCopier = logCopier;
  }

  /** {@code secrets}: values the log file shows as {@code ***}. */
  static StepProcess start(
      List<String> argv,
      Map<String, String> env,
      Path workingDir,
      Path log,
      long maxLogBytes,
      List<String> secrets)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process process = builder.start();
    Thread copier =
        LogCapture.startCopying(
            process.getInputStream(), log, maxLogBytes, KEPT_LOG_TAIL_BYTES, secrets);
    return new StepProcess(process, copier);
  }

  /**
   * Waits for the end, killing the command when {@code timeout} passes first; returns once the log
   * is complete too.
   */
  End await(Duration timeout) throws InterruptedException {
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      killTree();
      process.waitFor(LOG_DRAIN_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }
    awaitLog();
    if (!exited) {
      return killed ? End.KILLED : End.TIMED_OUT;
    }
    return killed ? End.KILLED : End.EXITED;
  }

  private void awaitLog() throws InterruptedException {
    logCopier.join(LOG_DRAIN_PATIENCE.toMillis());
    if (logCopier.isAlive()) {
      killTree(); // a descendant still holds the output open
      closeQuietly();
      logCopier.join(LOG_DRAIN_PATIENCE.toMillis());
    }
  }

  private void closeQuietly() {
    try {
      process.getInputStream().close();
    } catch (IOException e) {
      // The copier ends either way: its read fails on the closed stream.
    }
  }

  /** The process's pid and start time, to find it again after a launcher restart. */
  java.util.Optional<StepProcessId> id() {
    return StepProcessId.of(process.toHandle());
  }

  int exitCode() {
    return process.exitValue();
  }

  /** Kills the command (descendants first, so none is re-parented and left running). */
  void kill() {
    killed = true;
    killTree();
  }

  private void killTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}

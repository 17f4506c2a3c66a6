package io.sluice.launcher.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running step command: stdout and stderr go to one log file; it can be killed with all its
 * descendants, from any thread.
 */
final class StepProcess {

  /** How the command ended. */
  enum End {
    EXITED,
    TIMED_OUT,
    KILLED
  }

  private final Process process;
  private volatile boolean killed;

  private StepProcess(Process process) {
    this.process = process;
  }

  static StepProcess start(List<String> argv, Map<String, String> env, Path workingDir, Path log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    return new StepProcess(builder.start());
  }

  /** Waits for the end, killing the command when {@code timeout} passes first. */
  End await(Duration timeout) throws InterruptedException {
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      killTree();
      process.waitFor();
      return killed ? End.KILLED : End.TIMED_OUT;
    }
    return killed ? End.KILLED : End.EXITED;
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

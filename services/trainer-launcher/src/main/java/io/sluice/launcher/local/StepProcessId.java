package io.sluice.launcher.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Names one host process beyond its launcher's life: its pid and its start time, since a pid alone
 * may have been reused by an unrelated process after a reboot or a long while.
 *
 * @param pid the process id
 * @param startedAt when the operating system says it started
 */
public record StepProcessId(long pid, Instant startedAt) {

  /** Start times are compared to this precision (the OS reports clock ticks). */
  private static final Duration SAME_START = Duration.ofSeconds(1);

  /** The id of a process, when the OS tells its start time. */
  public static Optional<StepProcessId> of(ProcessHandle process) {
    return process.info().startInstant().map(start -> new StepProcessId(process.pid(), start));
  }

  /** The process, if it still runs and is the one that was recorded. */
  public Optional<ProcessHandle> find() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            handle ->
                handle
                    .info()
                    .startInstant()
                    .map(
                        start -> Duration.between(start, startedAt).abs().compareTo(SAME_START) < 0)
                    .orElse(false));
  }

  /**
   * Kills the process and its descendants (descendants first, so none is re-parented and left
   * running) and waits up to {@code patience} for it to end; true when it is gone.
   */
  public boolean killTree(Duration patience) {
    Optional<ProcessHandle> found = find();
    if (found.isEmpty()) {
      return true;
    }
    ProcessHandle process = found.get();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.onExit().get(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return !process.isAlive();
    }
  }
}

package io.sluice.cli.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a group of processes: SIGTERM to all of them at once, then SIGKILL to whichever is still
 * alive after the grace period. Their descendants (taken before signalling, because they are
 * re-parented once their parent dies) get the same treatment afterwards if they outlived it.
 */
public final class ProcessStopper {

  /** How a process ended. */
  public enum Outcome {
    TERMINATED,
    KILLED
  }

  private static final Duration DESCENDANT_GRACE = Duration.ofSeconds(5);

  /** Stops {@code processes}; the outcomes are in the same order. */
  public List<Outcome> stop(List<ProcessHandle> processes, Duration grace) {
    List<ProcessHandle> descendants = new ArrayList<>();
    processes.forEach(p -> p.descendants().forEach(descendants::add));
    List<Outcome> outcomes = terminate(processes, grace);
    terminate(descendants.stream().filter(ProcessHandle::isAlive).toList(), DESCENDANT_GRACE);
    return outcomes;
  }

  private static List<Outcome> terminate(List<ProcessHandle> processes, Duration grace) {
    processes.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plus(grace);
    List<Outcome> outcomes = new ArrayList<>();
    for (ProcessHandle process : processes) {
      if (awaitExit(process, deadline)) {
        outcomes.add(Outcome.TERMINATED);
      } else {
        process.destroyForcibly();
        awaitExit(process, Instant.now().plus(grace));
        outcomes.add(Outcome.KILLED);
      }
    }
    return outcomes;
  }

  private static boolean awaitExit(ProcessHandle process, Instant deadline) {
    long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    try {
      process.onExit().get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}

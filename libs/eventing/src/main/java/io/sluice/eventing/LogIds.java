package io.sluice.eventing;

import org.jboss.logging.MDC;

/**
 * Keeps the ids in log lines true on threads that outlive one event. The logging MDC is inherited
 * by threads created while a handler runs, so a worker pool started by the first event would
 * otherwise name that event on every line it ever logs.
 */
public final class LogIds {

  private LogIds() {}

  /** For thread factories: the thread starts with no ids of whoever created it. */
  public static Runnable detached(Runnable task) {
    return () -> {
      MDC.clear();
      task.run();
    };
  }

  /** Runs {@code task} with the ids of one step attempt in the MDC, and only those. */
  public static Runnable forAttempt(String runId, String stepName, int attempt, Runnable task) {
    return () -> {
      MDC.clear();
      MDC.put("run", runId);
      MDC.put("step", stepName);
      MDC.put("attempt", Integer.toString(attempt));
      try {
        task.run();
      } finally {
        MDC.clear();
      }
    };
  }
}

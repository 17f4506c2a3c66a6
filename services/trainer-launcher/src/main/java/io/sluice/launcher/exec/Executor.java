package io.sluice.launcher.exec;

import io.sluice.events.StepRequested;
import java.time.Instant;
import java.util.Set;

/**
 * Runs step attempts somewhere (a local process, a Kubernetes Job). An executor never touches the
 * database or Kafka: it reports every launched attempt's end exactly once to the {@link
 * AttemptListener} it was given, from its own threads.
 */
public interface Executor {

  /** The name carried in {@code step.started} / {@code step.done}, e.g. {@code local}. */
  String name();

  /** Where attempts run (host or node name) as far as the executor knows at launch. */
  String node();

  /**
   * Whether this executor reports when an attempt's command really starts ({@link
   * AttemptListener#started}); if not, {@code step.started} is emitted when the attempt is
   * recorded.
   */
  default boolean reportsStart() {
    return false;
  }

  /**
   * Whether a launched attempt goes on when the launcher stops (a Job does, a child process does
   * not): a restarted launcher then re-attaches to it instead of reporting it lost.
   */
  default boolean outlivesLauncher() {
    return false;
  }

  /**
   * Starts the attempt asynchronously; returns at once. Returns false when this attempt is already
   * running here (it is then neither started again nor reported twice).
   */
  boolean launch(StepRequested request, AttemptListener listener);

  /** Stops a running or queued attempt; its end is reported as CANCELLED. False when unknown. */
  boolean cancel(AttemptKey key, String reason);

  /**
   * The attempts launched here whose end has not been reported yet (queued or running): what this
   * launcher heartbeats for.
   */
  Set<AttemptKey> live();

  /** Told about each launched attempt: when its command starts (optional) and when it ended. */
  interface AttemptListener {

    /** The command started on {@code node} at {@code at}; called at most once, before ended. */
    default void started(StepRequested request, String node, Instant at) {}

    /**
     * The attempt's host process started as {@code pid} at {@code processStartedAt} (the local
     * executor only), so that a restarted launcher can find it; called at most once.
     */
    default void processStarted(StepRequested request, long pid, Instant processStartedAt) {}

    /** Called once per launched attempt when it has ended. */
    void ended(StepRequested request, AttemptOutcome outcome);
  }
}

package io.sluice.launcher.exec;

import io.sluice.events.StepRequested;

/**
 * Runs step attempts somewhere (a local process now, a Kubernetes Job later). An executor never
 * touches the database or Kafka: it reports every launched attempt's end exactly once to the {@link
 * AttemptListener} it was given, from its own threads.
 */
public interface Executor {

  /** The name carried in {@code step.started} / {@code step.done}, e.g. {@code local}. */
  String name();

  /** Where attempts run (host or node name) as far as the executor knows at launch. */
  String node();

  /**
   * Starts the attempt asynchronously; returns at once. Returns false when this attempt is already
   * running here (it is then neither started again nor reported twice).
   */
  boolean launch(StepRequested request, AttemptListener listener);

  /** Stops a running or queued attempt; its end is reported as CANCELLED. False when unknown. */
  boolean cancel(AttemptKey key, String reason);

  /** Called once per launched attempt when it has ended. */
  @FunctionalInterface
  interface AttemptListener {
    void ended(StepRequested request, AttemptOutcome outcome);
  }
}

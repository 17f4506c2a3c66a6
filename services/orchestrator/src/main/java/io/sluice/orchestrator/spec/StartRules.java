package io.sluice.orchestrator.spec;

import java.util.List;
import java.util.Optional;

/**
 * How runs of a pipeline start besides a new dataset version: cron schedules, another pipeline's
 * success, and how many may run at once.
 *
 * @param schedules the cron triggers, in spec order
 * @param upstreamPipeline the pipeline whose successful runs start a run of this one, or null
 * @param concurrencyLimit at most this many runs of the pipeline run at once (later ones wait,
 *     {@code QUEUED}), or null for no limit
 */
public record StartRules(
    List<ScheduleSpec> schedules, String upstreamPipeline, Integer concurrencyLimit) {

  /** A spec without any of these keys. */
  public static final StartRules NONE = new StartRules(List.of(), null, null);

  public StartRules {
    schedules = List.copyOf(schedules);
  }

  /**
   * Whether a new version of the dataset starts a run: only when nothing else is said to start one.
   * A pipeline with schedules or an upstream pipeline runs on those, and reads the dataset.
   */
  public boolean startsOnArrival() {
    return schedules.isEmpty() && upstreamPipeline == null;
  }

  public Optional<Integer> limit() {
    return Optional.ofNullable(concurrencyLimit);
  }
}

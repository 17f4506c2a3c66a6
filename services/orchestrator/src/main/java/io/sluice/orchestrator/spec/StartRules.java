package io.sluice.orchestrator.spec;

import java.util.List;

/**
 * How runs of a pipeline start besides a new dataset version: cron schedules and another pipeline's
 * success.
 *
 * @param schedules the cron triggers, in spec order
 * @param upstreamPipeline the pipeline whose successful runs start a run of this one, or null
 */
public record StartRules(List<ScheduleSpec> schedules, String upstreamPipeline) {

  /** A spec without any of these keys. */
  public static final StartRules NONE = new StartRules(List.of(), null);

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
}

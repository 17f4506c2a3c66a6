package io.sluice.orchestrator.run;

import io.sluice.events.TriggerKind;
import java.time.Instant;
import java.util.UUID;

/**
 * Which runs a listing selects; every member is optional (null: any).
 *
 * @param pipeline the pipeline's name
 * @param state the run's state
 * @param trigger what kind of start made it
 * @param datasetVersion the dataset version it ran on
 * @param createdAfter runs started at or after this instant
 * @param createdBefore runs started before this instant
 */
public record RunFilter(
    String pipeline,
    RunState state,
    TriggerKind trigger,
    String datasetVersion,
    Instant createdAfter,
    Instant createdBefore) {

  /** No filter: every run. */
  public static final RunFilter ALL = new RunFilter(null, null, null, null, null, null);

  /**
   * The smallest run id made at or after {@code instant}. Run ids are UUIDv7: their first 48 bits
   * are the millisecond the orchestrator started the run, so a time range is an id range (and reads
   * the same index as the rest of the listing). A sub-millisecond instant rounds up, which keeps
   * "at or after" and "before" exact for ids made at whole milliseconds.
   */
  static UUID firstIdAt(Instant instant) {
    long millis = instant.toEpochMilli() + (instant.getNano() % 1_000_000 == 0 ? 0 : 1);
    return new UUID(millis << 16, 0L);
  }
}

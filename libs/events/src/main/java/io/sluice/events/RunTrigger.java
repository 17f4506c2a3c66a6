package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why a run started, as {@code run.started} and the run's record tell it. Only the fields of its
 * kind are set; the others are left out of the JSON.
 *
 * @param kind what started the run
 * @param caller who asked, for a {@link TriggerKind#MANUAL} run
 * @param schedule the schedule's name, for a {@link TriggerKind#SCHEDULE} run
 * @param scheduledAt the tick the schedule fired for, for a {@link TriggerKind#SCHEDULE} run
 * @param upstreamPipeline the pipeline whose run succeeded, for a {@link TriggerKind#PIPELINE} run
 * @param upstreamRunId that run, for a {@link TriggerKind#PIPELINE} run
 * @param rerunOf the run this one repeats with the same inputs (manual re-run), or null
 * @param retryOf the failed run this one continues from its failed steps (manual retry), or null
 */
public record RunTrigger(
    TriggerKind kind,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String caller,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String schedule,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable java.time.Instant scheduledAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String upstreamPipeline,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String upstreamRunId,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String rerunOf,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String retryOf) {

  public RunTrigger {
    Checks.required(kind, "kind");
    Checks.nullOrNotBlank(caller, "caller");
    Checks.nullOrNotBlank(schedule, "schedule");
    Checks.nullOrNotBlank(upstreamPipeline, "upstreamPipeline");
    Checks.nullOrNotBlank(upstreamRunId, "upstreamRunId");
    Checks.nullOrNotBlank(rerunOf, "rerunOf");
    Checks.nullOrNotBlank(retryOf, "retryOf");
    require(kind == TriggerKind.MANUAL, caller != null, "caller");
    require(kind == TriggerKind.SCHEDULE, schedule != null, "schedule");
    require(kind == TriggerKind.SCHEDULE, scheduledAt != null, "scheduledAt");
    require(kind == TriggerKind.PIPELINE, upstreamPipeline != null, "upstreamPipeline");
    require(kind == TriggerKind.PIPELINE, upstreamRunId != null, "upstreamRunId");
    if ((rerunOf != null || retryOf != null) && kind != TriggerKind.MANUAL) {
      throw new IllegalArgumentException("only a MANUAL run re-runs or retries another run");
    }
    if (rerunOf != null && retryOf != null) {
      throw new IllegalArgumentException("a run is a re-run or a retry, not both");
    }
  }

  /** A run of a new dataset version. */
  public static RunTrigger dataset() {
    return new RunTrigger(TriggerKind.DATASET, null, null, null, null, null, null, null);
  }

  /** A run a person or script asked for. */
  public static RunTrigger manual(String caller) {
    return new RunTrigger(TriggerKind.MANUAL, caller, null, null, null, null, null, null);
  }

  /** A manual re-run of {@code runId} with the same inputs. */
  public static RunTrigger rerun(String caller, String runId) {
    return new RunTrigger(TriggerKind.MANUAL, caller, null, null, null, null, runId, null);
  }

  /** A manual retry of the failed run {@code runId} from its failed steps. */
  public static RunTrigger retry(String caller, String runId) {
    return new RunTrigger(TriggerKind.MANUAL, caller, null, null, null, null, null, runId);
  }

  /** A run that the schedule {@code name} fired for the tick {@code at}. */
  public static RunTrigger schedule(String name, java.time.Instant at) {
    return new RunTrigger(TriggerKind.SCHEDULE, null, name, at, null, null, null, null);
  }

  /** A run that the success of {@code runId} of {@code pipeline} started. */
  public static RunTrigger pipeline(String pipeline, String runId) {
    return new RunTrigger(TriggerKind.PIPELINE, null, null, null, pipeline, runId, null, null);
  }

  /** A field is set exactly for its own kind. */
  private static void require(boolean ownKind, boolean present, String field) {
    if (ownKind != present) {
      throw new IllegalArgumentException(
          ownKind ? field + " is required for this kind" : field + " is only for another kind");
    }
  }
}

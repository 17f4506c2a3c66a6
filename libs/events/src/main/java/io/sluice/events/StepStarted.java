package io.sluice.events;

import java.time.Instant;

/**
 * An executor started one attempt of a step. Key: the run id.
 *
 * @param runId the run
 * @param stepName the step
 * @param attempt the attempt
 * @param shardIndex the shard (0 when not sharded)
 * @param executor which executor runs it, e.g. {@code kubernetes} or {@code local}
 * @param node the node (or host) it runs on, or null while not yet scheduled
 * @param startedAt when it started
 */
public record StepStarted(
    String runId,
    String stepName,
    int attempt,
    int shardIndex,
    String executor,
    @Nullable String node,
    Instant startedAt)
    implements EventData {

  public StepStarted {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.atLeast(shardIndex, 0, "shardIndex");
    Checks.notBlank(executor, "executor");
    Checks.nullOrNotBlank(node, "node");
    Checks.required(startedAt, "startedAt");
  }

  @Override
  public EventType eventType() {
    return EventType.STEP_STARTED;
  }
}

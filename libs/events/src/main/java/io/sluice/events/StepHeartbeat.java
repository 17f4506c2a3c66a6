package io.sluice.events;

import java.time.Instant;

/**
 * The executor still runs one attempt of a step. Key: the run id. The executor sends one when the
 * attempt starts and then at least every {@code leaseSeconds / 3}; an attempt whose lease ends
 * without a heartbeat, a {@code step.done} or a {@code step.failed} is one nobody reports on, and
 * the orchestrator treats it as lost.
 *
 * @param runId the run
 * @param stepName the step
 * @param attempt the attempt
 * @param shardIndex the shard (0 when not sharded)
 * @param executor which executor runs it, e.g. {@code kubernetes} or {@code local}
 * @param owner the executor replica that owns the attempt (its pod or host name)
 * @param sentAt when the executor last saw the attempt alive
 * @param leaseSeconds how long this heartbeat vouches for the attempt
 */
public record StepHeartbeat(
    String runId,
    String stepName,
    int attempt,
    int shardIndex,
    String executor,
    String owner,
    Instant sentAt,
    int leaseSeconds)
    implements EventData {

  public StepHeartbeat {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.atLeast(shardIndex, 0, "shardIndex");
    Checks.notBlank(executor, "executor");
    Checks.notBlank(owner, "owner");
    Checks.required(sentAt, "sentAt");
    Checks.atLeast(leaseSeconds, 1, "leaseSeconds");
  }

  /** When the lease this heartbeat grants ends. */
  public Instant leaseEndsAt() {
    return sentAt.plusSeconds(leaseSeconds);
  }

  @Override
  public EventType eventType() {
    return EventType.STEP_HEARTBEAT;
  }
}

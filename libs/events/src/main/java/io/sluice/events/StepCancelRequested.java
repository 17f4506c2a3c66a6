package io.sluice.events;

/**
 * The orchestrator asks the executor to stop one attempt of a step (the run was cancelled or failed
 * elsewhere). The executor answers with {@code step.failed} reason {@code CANCELLED}. Key: the run
 * id.
 *
 * @param runId the run
 * @param stepName the step
 * @param attempt the attempt to stop
 * @param shardIndex the shard to stop (0 when not sharded)
 * @param reason why, for people
 */
public record StepCancelRequested(
    String runId, String stepName, int attempt, int shardIndex, String reason)
    implements EventData {

  public StepCancelRequested {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
    Checks.atLeast(shardIndex, 0, "shardIndex");
    Checks.notBlank(reason, "reason");
  }

  @Override
  public EventType eventType() {
    return EventType.STEP_CANCEL_REQUESTED;
  }
}

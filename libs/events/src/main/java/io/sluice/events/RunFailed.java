package io.sluice.events;

/**
 * A run failed: a step failed for good (no attempts left or not retryable), or the run could not go
 * on. Key: the run id.
 *
 * @param runId the run
 * @param pipelineName the pipeline
 * @param pipelineVersion sha256 of the canonical pipeline spec
 * @param datasetName the dataset that triggered the run
 * @param datasetVersion the dataset version id
 * @param failedStep the step that failed, or null when the run failed outside any step
 * @param reason the failed step's reason, or {@code INVALID_REQUEST}/{@code INTERNAL} otherwise
 * @param message what happened, for a person
 */
public record RunFailed(
    String runId,
    String pipelineName,
    String pipelineVersion,
    String datasetName,
    String datasetVersion,
    @Nullable String failedStep,
    FailureReason reason,
    String message)
    implements EventData {

  public RunFailed {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(pipelineName, "pipelineName");
    Checks.notBlank(pipelineVersion, "pipelineVersion");
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(datasetVersion, "datasetVersion");
    Checks.nullOrNotBlank(failedStep, "failedStep");
    Checks.required(reason, "reason");
    Checks.notBlank(message, "message");
  }

  @Override
  public EventType eventType() {
    return EventType.RUN_FAILED;
  }
}

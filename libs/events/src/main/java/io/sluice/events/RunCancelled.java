package io.sluice.events;

/**
 * A run was cancelled (by a person or a newer run policy); its running steps get {@code
 * step.cancel_requested}. Key: the run id.
 *
 * @param runId the run
 * @param pipelineName the pipeline
 * @param pipelineVersion sha256 of the canonical pipeline spec
 * @param datasetName the dataset that triggered the run
 * @param datasetVersion the dataset version id
 * @param reason why, for people
 */
public record RunCancelled(
    String runId,
    String pipelineName,
    String pipelineVersion,
    String datasetName,
    String datasetVersion,
    String reason)
    implements EventData {

  public RunCancelled {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(pipelineName, "pipelineName");
    Checks.notBlank(pipelineVersion, "pipelineVersion");
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(datasetVersion, "datasetVersion");
    Checks.notBlank(reason, "reason");
  }

  @Override
  public EventType eventType() {
    return EventType.RUN_CANCELLED;
  }
}

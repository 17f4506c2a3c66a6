package io.sluice.events;

/**
 * Every step of a run that had to run succeeded (or was skipped by a condition or the cache). Key:
 * the run id.
 *
 * @param runId the run
 * @param pipelineName the pipeline
 * @param pipelineVersion sha256 of the canonical pipeline spec
 * @param datasetName the dataset that triggered the run
 * @param datasetVersion the dataset version id
 */
public record RunSucceeded(
    String runId,
    String pipelineName,
    String pipelineVersion,
    String datasetName,
    String datasetVersion)
    implements EventData {

  public RunSucceeded {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(pipelineName, "pipelineName");
    Checks.notBlank(pipelineVersion, "pipelineVersion");
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(datasetVersion, "datasetVersion");
  }

  @Override
  public EventType eventType() {
    return EventType.RUN_SUCCEEDED;
  }
}

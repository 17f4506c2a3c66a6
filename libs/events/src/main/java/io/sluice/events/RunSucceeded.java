package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every step of a run that had to run succeeded (or was skipped by a condition or the cache). Key:
 * the run id.
 *
 * @param runId the run
 * @param pipelineName the pipeline
 * @param pipelineVersion sha256 of the canonical pipeline spec
 * @param datasetName the dataset that triggered the run
 * @param datasetVersion the dataset version id
 * @param noCandidate why no {@code model.candidate} follows though the pipeline has a model section
 *     (its artifact or metrics step was skipped); absent when one follows or the pipeline yields no
 *     model
 */
public record RunSucceeded(
    String runId,
    String pipelineName,
    String pipelineVersion,
    String datasetName,
    String datasetVersion,
    // Left out of the JSON when absent, so that events from before the field existed stay
    // byte-identical.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String noCandidate)
    implements EventData {

  public RunSucceeded {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(pipelineName, "pipelineName");
    Checks.notBlank(pipelineVersion, "pipelineVersion");
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(datasetVersion, "datasetVersion");
    if (noCandidate != null) {
      Checks.notBlank(noCandidate, "noCandidate");
    }
  }

  /** A run that offers its candidate, or whose pipeline yields no model. */
  public RunSucceeded(
      String runId,
      String pipelineName,
      String pipelineVersion,
      String datasetName,
      String datasetVersion) {
    this(runId, pipelineName, pipelineVersion, datasetName, datasetVersion, null);
  }

  @Override
  public EventType eventType() {
    return EventType.RUN_SUCCEEDED;
  }
}

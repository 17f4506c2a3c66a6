package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param cancelledBy the subject of the person who cancelled it, or null when no person did (and
 *     for events from before the field existed, which read and write byte-identically)
 */
public record RunCancelled(
    String runId,
    String pipelineName,
    String pipelineVersion,
    String datasetName,
    String datasetVersion,
    String reason,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String cancelledBy)
    implements EventData {

  public RunCancelled {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(pipelineName, "pipelineName");
    Checks.notBlank(pipelineVersion, "pipelineVersion");
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(datasetVersion, "datasetVersion");
    Checks.notBlank(reason, "reason");
    Checks.nullOrNotBlank(cancelledBy, "cancelledBy");
  }

  /** A cancellation nobody in particular asked for (e.g. a newer run policy). */
  public RunCancelled(
      String runId,
      String pipelineName,
      String pipelineVersion,
      String datasetName,
      String datasetVersion,
      String reason) {
    this(runId, pipelineName, pipelineVersion, datasetName, datasetVersion, reason, null);
  }

  @Override
  public EventType eventType() {
    return EventType.RUN_CANCELLED;
  }
}

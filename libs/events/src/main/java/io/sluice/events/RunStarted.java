package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The orchestrator created a run of one pipeline version for one dataset version. Key: the run id.
 * Lineage ids: {@code pipelineVersion}, {@code datasetVersion}.
 *
 * @param runId the run id
 * @param pipelineName the pipeline
 * @param pipelineVersion sha256 of the canonical pipeline spec
 * @param datasetName the dataset that triggered the run
 * @param datasetVersion the dataset version id ({@link DataArrived#versionId()})
 * @param params the resolved params, in spec order
 * @param steps the step names, in spec order
 * @param trigger what started the run; absent in events from before it was recorded (read those as
 *     {@link RunTrigger#dataset()})
 */
public record RunStarted(
    String runId,
    String pipelineName,
    String pipelineVersion,
    String datasetName,
    String datasetVersion,
    Map<String, String> params,
    List<String> steps,
    // Left out of the JSON when absent, so that events from before the field existed stay
    // byte-identical.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable RunTrigger trigger)
    implements EventData {

  public RunStarted {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(pipelineName, "pipelineName");
    Checks.notBlank(pipelineVersion, "pipelineVersion");
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(datasetVersion, "datasetVersion");
    params = Checks.map(params, "params");
    steps = Checks.nonEmptyList(Checks.notBlankList(steps, "steps"), "steps");
  }

  /** A run started without a recorded trigger (as before triggers were recorded). */
  public RunStarted(
      String runId,
      String pipelineName,
      String pipelineVersion,
      String datasetName,
      String datasetVersion,
      Map<String, String> params,
      List<String> steps) {
    this(runId, pipelineName, pipelineVersion, datasetName, datasetVersion, params, steps, null);
  }

  @Override
  public EventType eventType() {
    return EventType.RUN_STARTED;
  }
}

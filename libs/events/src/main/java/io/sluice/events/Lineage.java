package io.sluice.events;

import java.util.List;
import java.util.Map;

/**
 * Everything a model version came from, enough to reproduce it without asking any service.
 *
 * @param datasetName the dataset
 * @param datasetVersion the dataset version id ({@link DataArrived#versionId()})
 * @param datasetObjects the dataset version's objects with their hashes
 * @param pipelineName the pipeline
 * @param pipelineVersion sha256 of the canonical pipeline spec
 * @param runId the run
 * @param params the resolved params of the run
 * @param steps the steps that ran (or were reused from the cache), in order
 */
public record Lineage(
    String datasetName,
    String datasetVersion,
    List<ObjectRef> datasetObjects,
    String pipelineName,
    String pipelineVersion,
    String runId,
    Map<String, String> params,
    List<StepLineage> steps) {

  public Lineage {
    Checks.notBlank(datasetName, "datasetName");
    Checks.notBlank(datasetVersion, "datasetVersion");
    datasetObjects = Checks.list(datasetObjects, "datasetObjects");
    Checks.notBlank(pipelineName, "pipelineName");
    Checks.notBlank(pipelineVersion, "pipelineVersion");
    Checks.notBlank(runId, "runId");
    params = Checks.map(params, "params");
    steps = Checks.nonEmptyList(steps, "steps");
  }
}

package io.sluice.registry.api;

import io.sluice.events.Lineage;
import io.sluice.events.ObjectRef;
import io.sluice.events.StepLineage;
import java.util.List;
import java.util.Map;

/**
 * The provenance chain of one model version, from the model down to the raw objects.
 *
 * @param model the model and version
 * @param dataset the dataset version and its objects (bucket, key, eTag, size, sha256)
 * @param pipeline the pipeline and the sha256 of its canonical spec
 * @param run the run and its resolved params
 * @param steps each step with image, argv and output hashes, in order
 */
public record LineageView(
    ModelRef model, DatasetRef dataset, PipelineRef pipeline, RunRef run, List<StepLineage> steps) {

  /** The model version the chain starts at. */
  public record ModelRef(String name, int version, String artifactUri, String artifactSha256) {}

  /** The dataset version and every object it was made of. */
  public record DatasetRef(String name, String version, List<ObjectRef> objects) {}

  /** The pipeline and its spec hash. */
  public record PipelineRef(String name, String specHash) {}

  /** The run and its resolved params. */
  public record RunRef(String id, Map<String, String> params) {}

  static LineageView of(VersionView version) {
    Lineage lineage = version.lineage();
    return new LineageView(
        new ModelRef(
            version.modelName(),
            version.version(),
            version.artifact().uri(),
            version.artifact().sha256()),
        new DatasetRef(lineage.datasetName(), lineage.datasetVersion(), lineage.datasetObjects()),
        new PipelineRef(lineage.pipelineName(), lineage.pipelineVersion()),
        new RunRef(lineage.runId(), lineage.params()),
        lineage.steps());
  }
}

package io.sluice.orchestrator.run;

import io.sluice.events.ArtifactRef;
import io.sluice.events.ColumnSpec;
import io.sluice.events.DataArrived;
import io.sluice.events.FileDigest;
import io.sluice.events.Lineage;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelSignature;
import io.sluice.events.StepLineage;
import io.sluice.events.StepOutput;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import io.sluice.orchestrator.spec.ModelSpec;
import io.sluice.orchestrator.spec.PipelineSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@code model.candidate} for a succeeded run from what the events carried: the artifact
 * output, its signature and the metrics from {@code step.done}, the lineage from the run (the
 * orchestrator never reads artifacts).
 */
public final class Candidates {

  /** The file a model output folder holds the ONNX graph in. */
  static final String MODEL_FILE = "model.onnx";

  private Candidates() {}

  /**
   * The candidate of a succeeded run, or empty when its pipeline yields no model.
   *
   * @param steps the run's steps, all done or skipped
   * @throws IllegalArgumentException when the candidate breaks the event contract
   * @throws IllegalStateException when the artifact output was not recorded
   */
  public static Optional<ModelCandidate> forRun(
      PipelineSpec spec, RunRow run, List<StepRow> steps) {
    if (spec.model() == null) {
      return Optional.empty();
    }
    Map<String, StepRow> byName = new LinkedHashMap<>();
    steps.forEach(step -> byName.put(step.stepName(), step));
    return Optional.of(candidate(spec, spec.model(), run, byName));
  }

  public static ModelCandidate candidate(
      PipelineSpec spec, ModelSpec model, RunRow run, Map<String, StepRow> steps) {
    StepRow artifactStep = steps.get(model.artifact().step());
    StepOutput output =
        artifactStep.outputs().stream()
            .filter(candidate -> candidate.name().equals(model.artifact().output()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no output " + model.artifact().text()));
    String runId = run.id().toString();
    return new ModelCandidate(
        model.name(),
        runId,
        artifact(output),
        output.signature() != null ? output.signature() : signature(run.dataset()),
        steps.get(model.metricsStep()).metrics(),
        model.gate(),
        lineage(spec, run, steps),
        model.serving());
  }

  /** The {@code model.onnx} file of the output when it lists one, else the folder itself. */
  static ArtifactRef artifact(StepOutput output) {
    String folder = output.uri().endsWith("/") ? output.uri() : output.uri() + "/";
    return output.files().stream()
        .filter(file -> file.path().equals(MODEL_FILE))
        .findFirst()
        .map(FileDigest::sha256)
        .map(sha256 -> new ArtifactRef(folder + MODEL_FILE, sha256))
        .orElseGet(() -> new ArtifactRef(output.uri(), output.sha256()));
  }

  /**
   * For an artifact output that is not a model package (no {@code signature.json}): the signature
   * implied by the dataset, every non-label column in file order as FP32 features, class names
   * unknown.
   */
  static ModelSignature signature(DataArrived dataset) {
    List<String> features =
        dataset.columns().stream()
            .map(ColumnSpec::name)
            .filter(name -> !name.equals(dataset.labelColumn()))
            .toList();
    return new ModelSignature(
        List.of(
            new TensorSpec("features", TensorDatatype.FP32, List.of(-1L, (long) features.size()))),
        List.of(
            new TensorSpec("label", TensorDatatype.BYTES, List.of(-1L)),
            new TensorSpec("probabilities", TensorDatatype.FP32, List.of(-1L, -1L))),
        features,
        List.of());
  }

  private static Lineage lineage(PipelineSpec spec, RunRow run, Map<String, StepRow> steps) {
    List<StepLineage> stepLineage =
        spec.stepNames().stream()
            .map(steps::get)
            // A step skipped by a condition ran nothing and produced nothing the model derives
            // from.
            .filter(step -> step.state() != StepState.SKIPPED)
            .map(Candidates::stepLineage)
            .toList();
    return new Lineage(
        run.dataset().datasetName(),
        run.dataset().versionId(),
        run.dataset().objects(),
        run.pipelineName(),
        run.pipelineVersion(),
        run.id().toString(),
        run.params(),
        stepLineage);
  }

  private static StepLineage stepLineage(StepRow step) {
    Map<String, String> hashes = new LinkedHashMap<>();
    step.outputs().forEach(output -> hashes.put(output.name(), output.sha256()));
    return new StepLineage(
        step.stepName(), step.attempt(), step.image(), step.imageDigest(), step.argv(), hashes);
  }
}

package io.sluice.events;

import java.util.List;
import java.util.Map;

/**
 * A run produced a model the registry should consider. Key: the model name. Lineage ids: the
 * artifact's sha256 and everything in {@code lineage}.
 *
 * @param modelName the model, e.g. {@code iris-classifier}
 * @param runId the run that produced it
 * @param artifact the ONNX file and its hash
 * @param signature inputs, outputs, feature and class names
 * @param metrics the metrics of the evaluating step
 * @param gate the pipeline's absolute gate rules (the registry may add its own policy)
 * @param lineage where the model came from
 * @param rollout the pipeline's {@code model.serving} section, or null when it has none (the
 *     registry's default applies)
 */
public record ModelCandidate(
    String modelName,
    String runId,
    ArtifactRef artifact,
    ModelSignature signature,
    Map<String, Double> metrics,
    List<GateRule> gate,
    Lineage lineage,
    @Nullable RolloutSpec rollout)
    implements EventData {

  public ModelCandidate {
    Checks.notBlank(modelName, "modelName");
    Checks.notBlank(runId, "runId");
    Checks.required(artifact, "artifact");
    Checks.required(signature, "signature");
    metrics = Checks.metrics(metrics, "metrics");
    gate = Checks.list(gate, "gate");
    Checks.required(lineage, "lineage");
    if (!lineage.runId().equals(runId)) {
      throw new IllegalArgumentException(
          "lineage.runId '" + lineage.runId() + "' differs from runId '" + runId + "'");
    }
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_CANDIDATE;
  }
}

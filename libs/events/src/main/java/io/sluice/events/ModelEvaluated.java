package io.sluice.events;

import java.util.List;
import java.util.Map;

/**
 * The registry's gate decided on a model version. Carries all the gateway needs to load it (URI,
 * hash, signature), so it never asks the registry. Key: the model name.
 *
 * @param modelName the model
 * @param version the model version
 * @param artifact the ONNX file and its hash
 * @param signature inputs, outputs, feature and class names
 * @param metrics the version's metrics
 * @param gate the absolute rules that were applied
 * @param verdict approved or rejected
 * @param results each comparison made (absolute rules and champion comparisons)
 * @param reasons why, for people; never empty when rejected
 * @param lineage where the model came from
 * @param rollout how the gateway rolls an approved version out; null (from producers older than
 *     rollouts) means immediate
 * @param decision a person's decision that confirmed or overrode the gate, or null when the gate
 *     decided alone; an approval by a person may stand against failed rule results
 */
public record ModelEvaluated(
    String modelName,
    int version,
    ArtifactRef artifact,
    ModelSignature signature,
    Map<String, Double> metrics,
    List<GateRule> gate,
    Verdict verdict,
    List<RuleResult> results,
    List<String> reasons,
    Lineage lineage,
    @Nullable RolloutSpec rollout,
    @Nullable ManualDecision decision)
    implements EventData {

  public ModelEvaluated {
    Checks.notBlank(modelName, "modelName");
    Checks.atLeast(version, 1, "version");
    Checks.required(artifact, "artifact");
    Checks.required(signature, "signature");
    metrics = Checks.metrics(metrics, "metrics");
    gate = Checks.list(gate, "gate");
    Checks.required(verdict, "verdict");
    results = Checks.list(results, "results");
    reasons = Checks.notBlankList(reasons, "reasons");
    Checks.required(lineage, "lineage");
    if (verdict == Verdict.APPROVED
        && decision == null
        && results.stream().anyMatch(r -> !r.passed())) {
      throw new IllegalArgumentException("verdict APPROVED but a rule result did not pass");
    }
    if (verdict == Verdict.REJECTED && reasons.isEmpty()) {
      throw new IllegalArgumentException("verdict REJECTED needs at least one reason");
    }
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_EVALUATED;
  }
}

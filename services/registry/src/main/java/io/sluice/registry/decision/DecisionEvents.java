package io.sluice.registry.decision;

import io.sluice.events.ManualDecision;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelServeRequested;
import io.sluice.events.RolloutSpec;
import io.sluice.events.ServeAction;
import io.sluice.events.Verdict;
import io.sluice.registry.version.ModelVersion;
import java.util.ArrayList;
import java.util.List;

/** The events a person's decision emits, built from the stored version alone. */
final class DecisionEvents {

  private DecisionEvents() {}

  /**
   * The version's evaluation again, with the person's verdict: the gate's rule results and reasons
   * are kept as they were, so the record shows what the person confirmed or overrode, and the
   * person's word is the last reason.
   */
  static ModelEvaluated evaluated(
      ModelVersion version, Verdict verdict, DecisionRequest request, RolloutSpec rollout) {
    List<String> reasons = new ArrayList<>(version.reasons());
    String verb = verdict == Verdict.APPROVED ? "approved" : "rejected";
    reasons.add(verb + " by " + request.decidedBy() + ": " + request.reason());
    return new ModelEvaluated(
        version.modelName(),
        version.version(),
        version.artifact(),
        version.signature(),
        version.metrics(),
        version.gate(),
        verdict,
        version.results(),
        reasons,
        version.lineage(),
        verdict == Verdict.APPROVED ? rollout : null,
        decision(request));
  }

  static ModelServeRequested serveRequested(
      ModelVersion version, ServeAction action, DecisionRequest request) {
    return new ModelServeRequested(
        version.modelName(),
        version.version(),
        version.artifact(),
        version.signature(),
        action,
        decision(request));
  }

  private static ManualDecision decision(DecisionRequest request) {
    return new ManualDecision(request.decidedBy(), request.reason());
  }
}

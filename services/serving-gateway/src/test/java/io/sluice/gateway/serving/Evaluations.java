package io.sluice.gateway.serving;

import io.sluice.events.ArtifactRef;
import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.Lineage;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelSignature;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RuleResult;
import io.sluice.events.StepLineage;
import io.sluice.events.Verdict;
import io.sluice.gateway.IrisModel;
import java.util.List;
import java.util.Map;

/** {@code model.evaluated} data for tests, around the Iris model. */
public final class Evaluations {

  private Evaluations() {}

  public static ModelEvaluated of(String model, int version, Verdict verdict) {
    return of(
        model,
        version,
        verdict,
        "s3://artifacts/" + model + "/v" + version + "/model.onnx",
        IrisModel.sha256());
  }

  /** The same evaluation with a rollout spec, as the registry sends it for a pipeline's section. */
  public static ModelEvaluated withRollout(ModelEvaluated e, RolloutSpec rollout) {
    return new ModelEvaluated(
        e.modelName(),
        e.version(),
        e.artifact(),
        e.signature(),
        e.metrics(),
        e.gate(),
        e.verdict(),
        e.results(),
        e.reasons(),
        e.lineage(),
        rollout,
        e.decision());
  }

  /** The same evaluation, decided by a person. */
  public static ModelEvaluated decidedBy(ModelEvaluated e, Verdict verdict, ManualDecision by) {
    return new ModelEvaluated(
        e.modelName(),
        e.version(),
        e.artifact(),
        e.signature(),
        e.metrics(),
        e.gate(),
        verdict,
        e.results(),
        verdict == Verdict.REJECTED ? List.of(by.reason()) : e.reasons(),
        e.lineage(),
        e.rollout(),
        by);
  }

  public static ModelEvaluated of(
      String model, int version, Verdict verdict, String uri, String sha256) {
    return of(model, version, verdict, uri, sha256, IrisModel.signature());
  }

  /** An evaluation of any model, with its own signature. */
  public static ModelEvaluated of(
      String model,
      int version,
      Verdict verdict,
      String uri,
      String sha256,
      ModelSignature signature) {
    boolean approved = verdict == Verdict.APPROVED;
    double accuracy = approved ? 0.97 : 0.5;
    return new ModelEvaluated(
        model,
        version,
        new ArtifactRef(uri, sha256),
        signature,
        Map.of("accuracy", accuracy),
        List.of(new GateRule("accuracy", 0.9, null)),
        verdict,
        List.of(RuleResult.of("accuracy", Comparison.AT_LEAST, 0.9, accuracy)),
        approved ? List.of() : List.of("accuracy 0.5 is below 0.9"),
        new Lineage(
            "iris",
            "a".repeat(64),
            List.of(),
            "iris-train",
            "b".repeat(64),
            "run-" + model,
            Map.of(),
            List.of(
                new StepLineage("train", 1, "sluice/steps:1", null, List.of("train"), Map.of()))),
        null,
        null);
  }
}

package io.sluice.bench.serving;

import io.sluice.events.ArtifactRef;
import io.sluice.events.Comparison;
import io.sluice.events.EventEnvelope;
import io.sluice.events.GateRule;
import io.sluice.events.Lineage;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelSignature;
import io.sluice.events.RuleResult;
import io.sluice.events.StepLineage;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import io.sluice.events.Verdict;
import io.sluice.testkit.events.TestEventBus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a running platform's gateways serve an Iris-shaped ONNX file already uploaded to the local
 * S3 (bench/serving/threading.sh uploads slow_model.py's output): sends the approved {@code
 * model.evaluated} the registry would send after a pipeline's gate, without a pipeline.
 *
 * <p>Usage: {@code ServeOnnx <kafka bootstrap> <model name> <version> <s3://bucket/key> <sha256>}
 */
public final class ServeOnnx {

  private ServeOnnx() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: ServeOnnx <kafka> <model> <version> <s3-uri> <sha256>");
      System.exit(2);
    }
    String model = args[1];
    int version = Integer.parseInt(args[2]);
    try (TestEventBus bus = new TestEventBus(args[0], List.of(), Optional.empty())) {
      bus.send(
          EventEnvelope.first("registry", model, null, approved(model, version, args[3], args[4])));
    }
    System.out.println("sent model.evaluated (approved) for " + model + " v" + version);
  }

  private static ModelEvaluated approved(String model, int version, String uri, String sha256) {
    return new ModelEvaluated(
        model,
        version,
        new ArtifactRef(uri, sha256),
        irisSignature(),
        Map.of("accuracy", 1.0),
        List.of(new GateRule("accuracy", 0.0, null)),
        Verdict.APPROVED,
        List.of(RuleResult.of("accuracy", Comparison.AT_LEAST, 0.0, 1.0)),
        List.of(),
        new Lineage(
            "bench",
            "a".repeat(64),
            List.of(),
            "bench-" + model,
            "b".repeat(64),
            "bench-" + model,
            Map.of(),
            List.of(
                new StepLineage("train", 1, "sluice/steps:1", null, List.of("train"), Map.of()))),
        null,
        null);
  }

  private static ModelSignature irisSignature() {
    return new ModelSignature(
        List.of(new TensorSpec("features", TensorDatatype.FP32, List.of(-1L, 4L))),
        List.of(
            new TensorSpec("label", TensorDatatype.BYTES, List.of(-1L)),
            new TensorSpec("probabilities", TensorDatatype.FP32, List.of(-1L, 3L))),
        List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
        List.of("setosa", "versicolor", "virginica"));
  }
}

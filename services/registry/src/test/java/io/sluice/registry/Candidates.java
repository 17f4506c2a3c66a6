package io.sluice.registry;

import io.sluice.events.ArtifactRef;
import io.sluice.events.EventEnvelope;
import io.sluice.events.GateRule;
import io.sluice.events.Lineage;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelSignature;
import io.sluice.events.ObjectRef;
import io.sluice.events.StepLineage;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Valid, unique {@code model.candidate} payloads like the orchestrator's for the Iris example. */
public final class Candidates {

  static final List<GateRule> IRIS_GATE =
      List.of(new GateRule("accuracy", 0.9, null), new GateRule("log_loss", null, 0.5));

  private static final SecureRandom RANDOM = new SecureRandom();

  private Candidates() {}

  public static String uniqueModel() {
    return "iris-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String uniqueRun() {
    return "run-" + UUID.randomUUID();
  }

  public static EventEnvelope<ModelCandidate> candidateEvent(ModelCandidate candidate) {
    return EventEnvelope.first("orchestrator", candidate.modelName(), null, candidate);
  }

  public static ModelCandidate passing(String model, String run) {
    return candidate(model, run, Map.of("accuracy", 0.97, "log_loss", 0.08), IRIS_GATE);
  }

  public static ModelCandidate candidate(
      String model, String run, Map<String, Double> metrics, List<GateRule> gate) {
    return new ModelCandidate(
        model, run, artifact(run), signature(), metrics, gate, lineage(model, run), null);
  }

  public static ArtifactRef artifact(String run) {
    return new ArtifactRef("s3://artifacts/runs/" + run + "/train/1/model/model.onnx", sha256());
  }

  public static EventEnvelope<ModelPromoted> promotion(
      String model, int version, Integer previous, ArtifactRef artifact) {
    return EventEnvelope.first(
        "serving-gateway", model, null, new ModelPromoted(model, version, previous, artifact));
  }

  public static ModelSignature signature() {
    return new ModelSignature(
        List.of(new TensorSpec("features", TensorDatatype.FP32, List.of(-1L, 4L))),
        List.of(
            new TensorSpec("label", TensorDatatype.BYTES, List.of(-1L)),
            new TensorSpec("probabilities", TensorDatatype.FP32, List.of(-1L, 3L))),
        List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
        List.of("setosa", "versicolor", "virginica"));
  }

  public static Lineage lineage(String model, String run) {
    String drop = model + "/2026-11-23/";
    List<ObjectRef> objects =
        List.of(
            new ObjectRef("datasets", drop + "iris.csv", 4_551, "etag-" + run, sha256()),
            new ObjectRef(
                "datasets", drop + "_SUCCESS", 0, "d41d8cd98f00b204e9800998ecf8427e", sha256()));
    return new Lineage(
        model,
        "dv-" + run,
        objects,
        "iris-train",
        sha256(),
        run,
        Map.of("epochs", "200"),
        List.of(
            new StepLineage(
                "train",
                1,
                "ghcr.io/acme/iris-train:1.4",
                "sha256:" + sha256(),
                List.of("train", "--epochs", "200"),
                Map.of("model", sha256()))));
  }

  public static String sha256() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}

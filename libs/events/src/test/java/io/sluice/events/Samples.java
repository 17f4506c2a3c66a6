package io.sluice.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** One realistic, valid payload per event type: the Iris story from drop to rollout. */
final class Samples {

  static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123456789Z");
  static final String RUN = "run-0193a1b2";
  static final String MODEL = "iris-classifier";
  static final String PIPELINE_VERSION = sha256("pipeline: iris-train");

  private Samples() {}

  static EventData of(EventType type) {
    return switch (type) {
      case DATA_ARRIVED -> dataArrived();
      case DATA_REJECTED ->
          new DataRejected(
              "iris",
              "datasets",
              "iris/2026-11-23/",
              RejectionReason.INCONSISTENT_ROWS,
              "iris.csv line 17 has 4 fields but the header has 5; fix the row and drop again",
              List.of(
                  new ObjectRef("datasets", "iris/2026-11-23/iris.csv", 4551, "9b2cf535", null)));
      case RUN_STARTED ->
          new RunStarted(
              RUN,
              "iris-train",
              PIPELINE_VERSION,
              "iris",
              dataArrived().versionId(),
              Map.of("epochs", "200"),
              List.of("split", "train", "evaluate"),
              RunTrigger.rerun("alice", "0193a5f0-0000-7000-8000-000000000001"));
      case STEP_REQUESTED -> stepRequested();
      case STEP_CANCEL_REQUESTED ->
          new StepCancelRequested(RUN, "train", 1, 0, "run cancelled by alice");
      case STEP_STARTED -> new StepStarted(RUN, "train", 1, 0, "kubernetes", "gpu-node-3", T0);
      case STEP_HEARTBEAT ->
          new StepHeartbeat(RUN, "train", 1, 0, "kubernetes", "trainer-launcher-7d9f-x2", T0, 30);
      case STEP_DONE -> cachedStepDone();
      case STEP_FAILED ->
          new StepFailed(
              RUN,
              "train",
              2,
              0,
              FailureReason.OOM_KILLED,
              "exit code 137 after 12 s: the container used more than its 2Gi memory limit",
              true,
              137,
              "epoch 3/200\nKilled\n",
              T0,
              T0.plusSeconds(12));
      case STEP_SKIPPED ->
          StepSkipped.byCondition(
              RUN, "register", "evaluate.metrics.accuracy >= params.baseline", skippedValues());
      case RUN_SUCCEEDED ->
          new RunSucceeded(
              RUN,
              "iris-train",
              PIPELINE_VERSION,
              "iris",
              dataArrived().versionId(),
              "model 'iris-classifier' is not offered: its artifact step 'train' was skipped");
      case RUN_FAILED ->
          new RunFailed(
              RUN,
              "iris-train",
              PIPELINE_VERSION,
              "iris",
              dataArrived().versionId(),
              "train",
              FailureReason.OOM_KILLED,
              "step train failed 3 times: out of memory");
      case RUN_CANCELLED ->
          new RunCancelled(
              RUN,
              "iris-train",
              PIPELINE_VERSION,
              "iris",
              dataArrived().versionId(),
              "wrong data",
              "alice");
      case MODEL_CANDIDATE ->
          new ModelCandidate(
              MODEL, RUN, artifact(), signature(), metrics(), gate(), lineage(), canary());
      case MODEL_REGISTERED ->
          new ModelRegistered(MODEL, 4, artifact(), RUN, "0193a1b2-0000-7000-8000-000000000001");
      case MODEL_EVALUATED ->
          new ModelEvaluated(
              MODEL,
              4,
              artifact(),
              signature(),
              metrics(),
              gate(),
              Verdict.APPROVED,
              List.of(
                  RuleResult.of("accuracy", Comparison.AT_LEAST, 0.9, 0.973),
                  RuleResult.of("accuracy", Comparison.GREATER_THAN, 0.96, 0.973),
                  RuleResult.of("accuracy", Comparison.AT_LEAST, 0.95, 0.973)
                      .from(RuleOrigin.REGISTRY)),
              List.of(
                  "accuracy 0.973 >= 0.9",
                  "accuracy 0.973 beats champion v3 (0.96)",
                  "registry minimum r2: accuracy 0.973 >= 0.95"),
              lineage(),
              canary(),
              new ManualDecision("alice", "confirmed after reading the confusion matrix"));
      case MODEL_PROMOTED -> new ModelPromoted(MODEL, 4, 3, artifact());
      case MODEL_ROLLED_BACK ->
          new ModelRolledBack(
              MODEL,
              4,
              3,
              "maxErrorRate: error rate 0.12 > 0.05 over 200 requests",
              new RolloutCheck(
                  "maxErrorRate",
                  0.12,
                  0.05,
                  new TrafficStats(200, 0.12, 1.2, 4.8),
                  new TrafficStats(600, 0.004, 1.1, 4.1)),
              null);
      case MODEL_SERVE_REQUESTED ->
          new ModelServeRequested(
              MODEL,
              3,
              artifact(),
              signature(),
              ServeAction.ROLLBACK,
              new ManualDecision("alice", "v4 mislabels setosa in production"));
      case MODEL_ALIAS_MOVED ->
          new ModelAliasMoved(MODEL, "champion", 4, 3, "serving-gateway", "model.promoted");
      case ROLLOUT_STARTED ->
          new RolloutStarted(
              MODEL, 4, 3, 0, RolloutPhase.WARMING_UP, TrafficStats.NONE, TrafficStats.NONE);
      case ROLLOUT_PROGRESSED ->
          new RolloutProgressed(
              MODEL,
              4,
              3,
              25,
              RolloutPhase.CANARY,
              new TrafficStats(200, 0.005, 1.2, 9.8),
              new TrafficStats(600, 0.004, 1.1, 4.1),
              new RolloutCheck(
                  "maxLatencyP99Ratio",
                  2.39,
                  2.0,
                  new TrafficStats(200, 0.005, 1.2, 9.8),
                  new TrafficStats(600, 0.004, 1.1, 4.1)));
    };
  }

  static DataArrived dataArrived() {
    List<ObjectRef> objects =
        List.of(
            new ObjectRef(
                "datasets", "iris/2026-11-22/iris.csv", 4551, "9b2cf535", sha256("iris.csv")));
    return new DataArrived(
        "iris",
        DataArrived.versionOf("iris/2026-11-22/", objects),
        "datasets",
        "iris/",
        "iris/2026-11-22/",
        Completion.SUCCESS_MARKER,
        objects,
        150,
        List.of(
            new ColumnSpec("sepal_length", ColumnType.NUMBER),
            new ColumnSpec("sepal_width", ColumnType.NUMBER),
            new ColumnSpec("petal_length", ColumnType.NUMBER),
            new ColumnSpec("petal_width", ColumnType.NUMBER),
            new ColumnSpec("species", ColumnType.STRING)),
        "species");
  }

  static StepRequested stepRequested() {
    return new StepRequested(
        RUN,
        "train",
        1,
        0,
        "ghcr.io/acme/iris-train:1.4",
        "sha256:" + sha256("image"),
        List.of(
            "train", "--epochs", "200", "--in", "{{inputs.data}}", "--out", "{{outputs.model}}"),
        Map.of("PYTHONUNBUFFERED", "1"),
        List.of(new StepInput("data", "s3://datasets/iris/2026-11-22/", sha256("data"))),
        List.of(new OutputTarget("model", "s3://artifacts/runs/" + RUN + "/train/1/model/")),
        new Resources("2", "4Gi", 1, "nvidia-a100"),
        T0.plusSeconds(3600),
        1800,
        new RetryPolicy(3, 10, 2.0, 300),
        sha256("cache"),
        List.of(
            new SecretRef("hf-token", "token", "HF_TOKEN"),
            SecretRef.asFile("registry-tls", "ca.crt", "ca.crt")),
        new Scheduling(
            "team-a-gpus",
            10,
            Map.of("disktype", "nvme"),
            List.of(new StepToleration("dedicated", "ml", "NoSchedule"))),
        DatasetSchema.of(dataArrived()));
  }

  /** A step.done with every optional field: one that reused an earlier attempt's outputs. */
  static StepDone cachedStepDone() {
    StepDone ran = stepDone();
    return new StepDone(
        ran.runId(),
        ran.stepName(),
        ran.attempt(),
        ran.shardIndex(),
        ran.outputs(),
        ran.metrics(),
        ran.exitCode(),
        ran.imageDigest(),
        ran.startedAt(),
        ran.finishedAt(),
        "cache",
        "orchestrator",
        new CachedFrom("0193a5f0-0000-7000-8000-000000000001", "train", 2));
  }

  static StepDone stepDone() {
    return new StepDone(
        RUN,
        "train",
        1,
        0,
        List.of(
            StepOutput.of(
                "model",
                "s3://artifacts/runs/" + RUN + "/train/1/model/",
                List.of(
                    new FileDigest("model.onnx", 1234, sha256("onnx")),
                    new FileDigest("signature.json", 321, sha256("signature"))))),
        metrics(),
        0,
        "sha256:" + sha256("image"),
        T0,
        T0.plusSeconds(42),
        "kubernetes",
        "gpu-node-3");
  }

  static ArtifactRef artifact() {
    return new ArtifactRef(
        "s3://artifacts/runs/" + RUN + "/train/1/model/model.onnx", sha256("onnx"));
  }

  static ModelSignature signature() {
    return new ModelSignature(
        List.of(new TensorSpec("features", TensorDatatype.FP32, List.of(-1L, 4L))),
        List.of(
            new TensorSpec("label", TensorDatatype.BYTES, List.of(-1L)),
            new TensorSpec("probabilities", TensorDatatype.FP32, List.of(-1L, 3L))),
        List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
        List.of("setosa", "versicolor", "virginica"));
  }

  static Map<String, Double> metrics() {
    return Map.of("accuracy", 0.973, "f1_macro", 0.971);
  }

  static List<GateRule> gate() {
    return List.of(new GateRule("accuracy", 0.9, null, 0.0), new GateRule("f1_macro", 0.85, 1.0));
  }

  static Lineage lineage() {
    DataArrived data = dataArrived();
    return new Lineage(
        "iris",
        data.versionId(),
        data.objects(),
        "iris-train",
        PIPELINE_VERSION,
        RUN,
        Map.of("epochs", "200"),
        List.of(
            new StepLineage(
                "train",
                1,
                "ghcr.io/acme/iris-train:1.4",
                "sha256:" + sha256("image"),
                List.of("train", "--epochs", "200"),
                Map.of("model", stepDone().outputs().get(0).sha256()))));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> skippedValues() {
    Map<String, String> values = new java.util.LinkedHashMap<>();
    values.put("evaluate.metrics.accuracy", "0.81");
    values.put("params.baseline", "0.9");
    return values;
  }

  static RolloutSpec canary() {
    return new RolloutSpec(
        RolloutStrategy.CANARY,
        List.of(10, 50),
        60,
        0,
        new RolloutAnalysis(50, 0.05, 250.0, 0.02, 1.5, null, 2));
  }
}

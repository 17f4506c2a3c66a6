package io.sluice.launcher.kubernetes;

import io.sluice.events.OutputTarget;
import io.sluice.events.Resources;
import io.sluice.events.RetryPolicy;
import io.sluice.events.Scheduling;
import io.sluice.events.SecretRef;
import io.sluice.events.StepInput;
import io.sluice.events.StepRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings and requests for the Kubernetes executor's unit tests. */
final class KubernetesFixtures {

  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private KubernetesFixtures() {}

  static KubernetesSettings settings() {
    return settings(false);
  }

  static KubernetesSettings settings(boolean kueue) {
    return settings(kueue, Optional.empty());
  }

  /** Settings for a store behind a private CA whose bundle is in Secret {@code caSecret}. */
  static KubernetesSettings settingsTrustingStoreCa(String caSecret) {
    return settings(false, Optional.of(caSecret));
  }

  private static KubernetesSettings settings(boolean kueue, Optional<String> storeCaSecret) {
    return new KubernetesSettings(
        "ml-steps",
        "registry.local/sluice/trainer-launcher:1.0",
        "IfNotPresent",
        "100m",
        "256Mi",
        "http://minio.storage:9000",
        "us-east-1",
        "sluice-s3",
        "access-key",
        "secret-key",
        storeCaSecret,
        "ca.crt",
        "s3://artifacts/_sluice/results",
        Optional.of("sluice-steps"),
        List.of("registry-pull"),
        "nvidia.com/gpu",
        "nvidia.com/gpu.product",
        Taints.tolerating(List.of("nvidia.com/gpu:NoSchedule")),
        Taints.tolerating(List.of("dedicated=ml:NoExecute")),
        Map.of("pool", "training"),
        Optional.empty(),
        600,
        Duration.ofMinutes(10),
        kueue,
        "team-a");
  }

  static StepRequested gpuStep() {
    return request(
        "train",
        new Resources("4", "16Gi", 2, "NVIDIA-H100-80GB-HBM3"),
        Instant.parse("2026-12-03T10:00:00Z"));
  }

  /** {@code request} with the step's own scheduling. */
  static StepRequested scheduled(StepRequested r, Scheduling scheduling) {
    return new StepRequested(
        r.runId(),
        r.stepName(),
        r.attempt(),
        r.shardIndex(),
        r.image(),
        r.imageDigest(),
        r.argv(),
        r.env(),
        r.inputs(),
        r.outputs(),
        r.resources(),
        r.deadline(),
        r.timeoutSeconds(),
        r.retryPolicy(),
        r.cacheKey(),
        r.secretRefs(),
        scheduling);
  }

  /** {@code request} with these secret references instead of its own. */
  static StepRequested withSecrets(StepRequested r, List<SecretRef> secretRefs) {
    return new StepRequested(
        r.runId(),
        r.stepName(),
        r.attempt(),
        r.shardIndex(),
        r.image(),
        r.imageDigest(),
        r.argv(),
        r.env(),
        r.inputs(),
        r.outputs(),
        r.resources(),
        r.deadline(),
        r.timeoutSeconds(),
        r.retryPolicy(),
        r.cacheKey(),
        secretRefs,
        r.scheduling());
  }

  /** {@code request} with the dataset schema of a Wine-like dataset (label {@code cultivar}). */
  static StepRequested withDatasetSchema(StepRequested r) {
    return new StepRequested(
        r.runId(),
        r.stepName(),
        r.attempt(),
        r.shardIndex(),
        r.image(),
        r.imageDigest(),
        r.argv(),
        r.env(),
        r.inputs(),
        r.outputs(),
        r.resources(),
        r.deadline(),
        r.timeoutSeconds(),
        r.retryPolicy(),
        r.cacheKey(),
        r.secretRefs(),
        r.scheduling(),
        wineSchema());
  }

  static io.sluice.events.DatasetSchema wineSchema() {
    return new io.sluice.events.DatasetSchema(
        "wine",
        "e".repeat(64),
        "cultivar",
        List.of(
            new io.sluice.events.ColumnSpec("alcohol", io.sluice.events.ColumnType.NUMBER),
            new io.sluice.events.ColumnSpec("proline", io.sluice.events.ColumnType.INTEGER),
            new io.sluice.events.ColumnSpec("cultivar", io.sluice.events.ColumnType.STRING)));
  }

  static StepRequested request(String step, Resources resources, Instant deadline) {
    return new StepRequested(
        "run-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        step,
        2,
        0,
        "ghcr.io/acme/train:1.4",
        "sha256:" + "a".repeat(64),
        List.of(
            "python", "train.py", "--data", "{{inputs.data}}/iris.csv", "--out={{outputs.model}}"),
        Map.of("EPOCHS", "20"),
        List.of(new StepInput("data", "s3://datasets/iris/2026-11-22/", "b".repeat(64))),
        List.of(new OutputTarget("model", "s3://artifacts/runs/r/train/2/model/")),
        resources,
        deadline,
        3600,
        new RetryPolicy(3, 1, 2.0, 10),
        "c".repeat(64),
        List.of(new SecretRef("wandb", "api-key", "WANDB_API_KEY")));
  }
}

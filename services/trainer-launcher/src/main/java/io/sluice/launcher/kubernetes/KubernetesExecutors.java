package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sluice.launcher.config.KubernetesConfig;
import io.sluice.launcher.config.LauncherConfig;
import io.sluice.launcher.step.StepLogStore;
import io.sluice.launcher.storage.ObjectStore;
import io.sluice.storage.quarkus.StorageConfig;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Builds the Kubernetes executor from the launcher's configuration, checking it on the way. */
public final class KubernetesExecutors {

  private KubernetesExecutors() {}

  public static KubernetesExecutor create(
      KubernetesClient client,
      KubernetesConfig config,
      StorageConfig s3,
      LauncherConfig launcher,
      ObjectStore store,
      StepLogStore logs,
      Clock clock) {
    return new KubernetesExecutor(
        client,
        settings(config, s3, client.getNamespace()),
        policy(config, launcher),
        new StepResults(store),
        logs,
        launcher.maxLogBytes(),
        clock);
  }

  /** The cluster-wide Job settings; {@code clientNamespace} is used when none is configured. */
  public static KubernetesSettings settings(
      KubernetesConfig config, StorageConfig s3, String clientNamespace) {
    String namespace =
        config.namespace().orElse(clientNamespace == null ? "default" : clientNamespace);
    return new KubernetesSettings(
        namespace,
        config.stagerImage(),
        config.stagerPullPolicy(),
        config.stagerCpu(),
        config.stagerMemory(),
        config.s3Endpoint().orElse(s3.endpoint().toString()),
        s3.region(),
        config.s3Secret(),
        config.s3AccessKeyKey(),
        config.s3SecretKeyKey(),
        config.s3TrustCertificatesSecret(),
        config.s3TrustCertificatesKey(),
        config.resultsUri(),
        config.serviceAccount(),
        config.imagePullSecrets().orElse(List.of()),
        config.gpuResource(),
        config.gpuProductLabel(),
        Taints.tolerating(config.gpuTolerations()),
        Taints.tolerating(config.tolerations().orElse(List.of())),
        config.nodeSelector(),
        affinity(config.affinity()),
        config.ttlSecondsAfterFinished(),
        config.stagingAllowance(),
        config.kueue(),
        config.defaultQueue());
  }

  static KubernetesPolicy policy(KubernetesConfig config, LauncherConfig launcher) {
    String cleanup = config.cleanup();
    if (!cleanup.equals("delete") && !cleanup.equals("ttl")) {
      throw new IllegalArgumentException(
          "sluice.launcher.kubernetes.cleanup must be 'delete' or 'ttl', not '" + cleanup + "'");
    }
    return new KubernetesPolicy(
        config.pendingTimeout(),
        cleanup.equals("delete"),
        config.maxRunningJobsPerQueue(),
        Math.min(launcher.logTailBytes(), 8192),
        config.syncTimeout(),
        5);
  }

  private static Optional<Affinity> affinity(Optional<String> json) {
    return json.filter(text -> !text.isBlank())
        .map(text -> Serialization.unmarshal(text, Affinity.class));
  }
}

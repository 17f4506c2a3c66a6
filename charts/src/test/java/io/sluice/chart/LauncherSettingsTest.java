package io.sluice.chart;

import static io.sluice.chart.ConnectionSettingsTest.mount;
import static io.sluice.chart.ConnectionSettingsTest.volume;
import static io.sluice.chart.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** trainer-launcher runs steps as Jobs, configured through sluice.launcher.kubernetes.*. */
class LauncherSettingsTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void runsStepsAsJobsWithItsOwnImageAsTheStager() {
    Manifests manifests = HelmChart.render().manifests();
    Map<String, String> config = manifests.config("trainer-launcher");

    assertThat(manifests.container("trainer-launcher").getImage())
        .isEqualTo("sluice/trainer-launcher:0.1.0-SNAPSHOT");
    assertThat(config)
        .containsEntry("SLUICE_LAUNCHER_EXECUTOR", "kubernetes")
        .containsEntry(
            "SLUICE_LAUNCHER_KUBERNETES_STAGER_IMAGE", "sluice/trainer-launcher:0.1.0-SNAPSHOT")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_STAGER_PULL_POLICY", "IfNotPresent")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_SECRET", "sluice-s3")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_ACCESS_KEY_KEY", "access-key")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_SECRET_KEY_KEY", "secret-key")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_ENDPOINT", "http://minio:9000")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_RESULTS_URI", "s3://artifacts/_sluice/results/")
        .containsEntry("SLUICE_LAUNCHER_STEP_LOGS_BUCKET", "artifacts")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_GPU_RESOURCE", "nvidia.com/gpu")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_GPU_PRODUCT_LABEL", "nvidia.com/gpu.product")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_GPU_TOLERATIONS", "nvidia.com/gpu:NoSchedule")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_KUEUE", "false")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_DEFAULT_QUEUE", "default")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_MAX_RUNNING_JOBS_PER_QUEUE", "0")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_CLEANUP", "delete")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_TTL_SECONDS_AFTER_FINISHED", "600")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_STAGING_ALLOWANCE", "10m")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_PENDING_TIMEOUT", "15m")
        .doesNotContainKeys(
            "SLUICE_LAUNCHER_KUBERNETES_SERVICE_ACCOUNT",
            "SLUICE_LAUNCHER_KUBERNETES_IMAGE_PULL_SECRETS",
            "SLUICE_LAUNCHER_KUBERNETES_TOLERATIONS",
            "SLUICE_LAUNCHER_KUBERNETES_AFFINITY",
            "QUARKUS_CONFIG_LOCATIONS");
    assertThat(manifests.find(ConfigMap.class, name("trainer-launcher") + "-files")).isEmpty();
  }

  @Test
  void stepsInAnotherNamespaceOnGpuNodesQueuedByKueue() {
    Map<String, String> config =
        HelmChart.render()
            .scenario("steps-in-other-namespace")
            .manifests()
            .config("trainer-launcher");

    assertThat(config)
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_NAMESPACE", "sluice-steps")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_SECRET", "steps-s3")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_S3_ACCESS_KEY_KEY", "access-key")
        .containsEntry(
            "SLUICE_LAUNCHER_KUBERNETES_S3_ENDPOINT", "http://minio.storage.svc.cluster.local:9000")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_SERVICE_ACCOUNT", "sluice-step")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_IMAGE_PULL_SECRETS", "internal-registry,ngc")
        .containsEntry(
            "SLUICE_LAUNCHER_KUBERNETES_GPU_TOLERATIONS",
            "nvidia.com/gpu:NoSchedule,dedicated=gpu:NoExecute")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_TOLERATIONS", "spot:PreferNoSchedule")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_KUEUE", "true")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_DEFAULT_QUEUE", "team-a")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_CLEANUP", "ttl")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_TTL_SECONDS_AFTER_FINISHED", "3600")
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_PENDING_TIMEOUT", "30m")
        .containsEntry(
            "SLUICE_LAUNCHER_KUBERNETES_AFFINITY",
            "{\"nodeAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"preference\":"
                + "{\"matchExpressions\":[{\"key\":\"topology.kubernetes.io/zone\",\"operator\":\"In\","
                + "\"values\":[\"zone-a\"]}]},\"weight\":50}]}}");
  }

  @Test
  void stepNodeSelectorTravelsInAPropertiesFileBecauseItsKeysCannotBeEnvVarNames() {
    Manifests manifests = HelmChart.render().scenario("steps-in-other-namespace").manifests();
    ConfigMap files = manifests.get(ConfigMap.class, name("trainer-launcher") + "-files");

    assertThat(manifests.config("trainer-launcher"))
        .containsEntry("QUARKUS_CONFIG_LOCATIONS", "file:/etc/sluice/config/launcher.properties");
    assertThat(files.getData().get("launcher.properties"))
        .isEqualTo(
            """
            config_ordinal=260
            sluice.launcher.kubernetes.node-selector."kubernetes.io/arch"=amd64
            sluice.launcher.kubernetes.node-selector."nvidia.com/gpu.present"=true
            """);
    assertThat(volume(manifests.pod("trainer-launcher"), "config").getConfigMap().getName())
        .isEqualTo(files.getMetadata().getName());
    assertThat(mount(manifests.container("trainer-launcher"), "config").getMountPath())
        .isEqualTo("/etc/sluice/config");
  }

  @Test
  void aDigestWinsOverTheTagAndTheRegistryPrefixesEveryImage() {
    Manifests manifests = HelmChart.render().scenario("steps-in-other-namespace").manifests();
    String launcher = "registry.example.internal:5000/sluice/trainer-launcher@" + DIGEST;

    assertThat(manifests.container("trainer-launcher").getImage()).isEqualTo(launcher);
    assertThat(manifests.config("trainer-launcher"))
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_STAGER_IMAGE", launcher);
    assertThat(manifests.container("ingest").getImage())
        .isEqualTo("registry.example.internal:5000/sluice/ingest:0.1.0-SNAPSHOT");
    assertThat(manifests.pod("registry").getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("internal-registry");
  }

  @Test
  void anExplicitStagerImageWins() {
    Map<String, String> config =
        HelmChart.render()
            .set("trainerLauncher.kubernetes.stagerImage", "mirror.local/sluice/stager:1")
            .manifests()
            .config("trainer-launcher");

    assertThat(config)
        .containsEntry("SLUICE_LAUNCHER_KUBERNETES_STAGER_IMAGE", "mirror.local/sluice/stager:1");
  }
}

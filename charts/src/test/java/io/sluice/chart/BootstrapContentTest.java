package io.sluice.chart;

import static io.sluice.chart.ConnectionSettingsTest.mount;
import static io.sluice.chart.ConnectionSettingsTest.volume;
import static io.sluice.chart.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.Test;

/** Dataset definitions and pipeline specs shipped as values reach the directories read at start. */
class BootstrapContentTest {

  @Test
  void datasetDefinitionsAreMountedWhereIngestReadsThem() throws Exception {
    Manifests manifests = HelmChart.render().scenario("bootstrap-content").manifests();
    ConfigMap datasets = manifests.get(ConfigMap.class, name("ingest") + "-datasets");
    JsonNode iris = new ObjectMapper().readTree(datasets.getData().get("iris.json"));

    assertThat(datasets.getData()).containsOnlyKeys("iris.json");
    assertThat(iris.path("name").asText()).isEqualTo("iris");
    assertThat(iris.path("bucket").asText()).isEqualTo("datasets");
    assertThat(iris.path("schema").path("columns")).hasSize(5);
    assertThat(manifests.config("ingest"))
        .containsEntry("SLUICE_INGEST_BOOTSTRAP_DATASETS_DIR", "/etc/sluice/datasets");
    assertThat(volume(manifests.pod("ingest"), "datasets").getConfigMap().getName())
        .isEqualTo(name("ingest") + "-datasets");
    assertThat(mount(manifests.container("ingest"), "datasets").getMountPath())
        .isEqualTo("/etc/sluice/datasets");
  }

  @Test
  void pipelineSpecsAreMountedWhereOrchestratorReadsThemAStringKeptByteForByte() {
    Manifests manifests = HelmChart.render().scenario("bootstrap-content").manifests();
    ConfigMap pipelines = manifests.get(ConfigMap.class, name("orchestrator") + "-pipelines");

    assertThat(pipelines.getData()).containsOnlyKeys("iris.yaml", "smoke.yaml");
    assertThat(pipelines.getData().get("iris.yaml"))
        .startsWith("name: iris\ntrigger:\n  dataset: iris\n")
        .contains("\"{{inputs.data}}\"")
        .endsWith("outputs: [train]\n");
    assertThat(pipelines.getData().get("smoke.yaml"))
        .contains("name: smoke")
        .contains("image: busybox:1.37.0");
    assertThat(manifests.config("orchestrator"))
        .containsEntry("SLUICE_ORCHESTRATOR_BOOTSTRAP_PIPELINES_DIR", "/etc/sluice/pipelines");
    assertThat(volume(manifests.pod("orchestrator"), "pipelines").getConfigMap().getName())
        .isEqualTo(name("orchestrator") + "-pipelines");
    assertThat(mount(manifests.container("orchestrator"), "pipelines").getMountPath())
        .isEqualTo("/etc/sluice/pipelines");
  }

  @Test
  void withoutContentNothingIsMountedAndNoDirectoryIsNamed() {
    Manifests manifests = HelmChart.render().manifests();

    assertThat(manifests.find(ConfigMap.class, name("ingest") + "-datasets")).isEmpty();
    assertThat(manifests.find(ConfigMap.class, name("orchestrator") + "-pipelines")).isEmpty();
    assertThat(manifests.config("ingest"))
        .doesNotContainKey("SLUICE_INGEST_BOOTSTRAP_DATASETS_DIR");
    assertThat(manifests.config("orchestrator"))
        .doesNotContainKey("SLUICE_ORCHESTRATOR_BOOTSTRAP_PIPELINES_DIR");
    assertThat(manifests.pod("orchestrator").getVolumes())
        .extracting(Volume::getName)
        .containsExactly("tmp");
  }

  @Test
  void changedContentRollsOnlyTheServiceThatReadsIt() {
    Manifests before = HelmChart.render().scenario("bootstrap-content").manifests();
    Manifests after =
        HelmChart.render()
            .scenario("bootstrap-content")
            .set("pipelines.smoke.steps[0].image", "busybox:1.38.0")
            .manifests();

    assertThat(checksum(after, "orchestrator")).isNotEqualTo(checksum(before, "orchestrator"));
    assertThat(checksum(after, "ingest")).isEqualTo(checksum(before, "ingest"));
  }

  private static String checksum(Manifests manifests, String component) {
    return manifests
        .deployment(component)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("checksum/config");
  }
}

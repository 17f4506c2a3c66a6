package io.sluice.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.sluice.events.DatasetSchema;
import io.sluice.events.Json;
import io.sluice.launcher.stager.Stager;
import io.sluice.launcher.stager.StagingPlan;
import io.sluice.launcher.step.StagingLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a step pod the dataset schema travels in the staging plan; stage-in writes it into the shared
 * folder and the step container's {@code SLUICE_DATASET_SCHEMA} names it there.
 */
class DatasetSchemaPodTest {

  private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

  private static Container container(Job job, String name) {
    var pod = job.getSpec().getTemplate().getSpec();
    return java.util.stream.Stream.concat(
            pod.getContainers().stream(), pod.getInitContainers().stream())
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  @Test
  void theStepNamesTheSchemaFileInTheSharedFolderAndStageInCarriesIt() throws Exception {
    Job job =
        JobSpecs.forStep(
            KubernetesFixtures.withDatasetSchema(KubernetesFixtures.gpuStep()),
            KubernetesFixtures.settings(),
            NOW);

    assertThat(env(container(job, JobSpecs.STEP), "SLUICE_DATASET_SCHEMA"))
        .isEqualTo("/sluice/dataset-schema.json");
    StagingPlan plan =
        Json.mapper()
            .readValue(env(container(job, JobSpecs.STAGE_IN), StagingPlan.ENV), StagingPlan.class);
    assertThat(plan.datasetSchema()).isEqualTo(KubernetesFixtures.wineSchema());
  }

  @Test
  void aRequestWithoutASchemaGivesNeitherVariableNorPlanField() throws Exception {
    Job job = JobSpecs.forStep(KubernetesFixtures.gpuStep(), KubernetesFixtures.settings(), NOW);

    assertThat(env(container(job, JobSpecs.STEP), "SLUICE_DATASET_SCHEMA")).isNull();
    assertThat(env(container(job, JobSpecs.STAGE_IN), StagingPlan.ENV))
        .doesNotContain("datasetSchema");
  }

  @Test
  void stageInWritesTheSchemaWhereTheStepLooks(@TempDir Path shared) throws Exception {
    StagingPlan plan =
        new StagingPlan(List.of(), List.of(), "s3://artifacts/r/result.json", wineSchema());
    Stager stager = new Stager(null, new StagingLayout(shared), shared.resolve("termination"));

    assertThat(stager.stageIn(plan)).isZero();

    Path file = new StagingLayout(shared).datasetSchemaFile();
    JsonNode written = Json.mapper().readTree(file.toFile());
    assertThat(written.get("labelColumn").asText()).isEqualTo("cultivar");
    assertThat(Json.mapper().treeToValue(written, DatasetSchema.class)).isEqualTo(wineSchema());
    assertThat(Files.getPosixFilePermissions(file).toString()).contains("OTHERS_READ");
  }

  private static DatasetSchema wineSchema() {
    return KubernetesFixtures.wineSchema();
  }
}

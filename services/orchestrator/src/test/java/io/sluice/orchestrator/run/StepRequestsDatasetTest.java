package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.DatasetSchema;
import io.sluice.events.ObjectRef;
import io.sluice.events.StepRequested;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.SpecParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step's request carries its dataset's schema, and {@code {{dataset.x}}} is filled from it. */
class StepRequestsDatasetTest {

  private static final String SHA = "cd".repeat(32);

  private static final String SPEC =
      """
      name: wine
      trigger: {dataset: wine}
      params: {seed: "7"}
      steps:
        - name: train
          image: img:1
          command: [train, "{{inputs.data}}", --label, "{{dataset.label}}",
                    --features, "{{dataset.features}}", --seed, "{{params.seed}}"]
          env: {DATA: "{{dataset.name}}@{{dataset.version}}"}
          inputs: {data: dataset}
          outputs: [model]
      """;

  @Test
  void datasetPlaceholdersAreFilledFromTheDeclaredSchema() throws Exception {
    DataArrived wine = wine("cultivar");

    StepRequested request = request(SPEC, wine);

    assertThat(request.argv())
        .containsExactly(
            "train",
            "{{inputs.data}}",
            "--label",
            "cultivar",
            "--features",
            "alcohol,malic_acid,{{params.seed}}",
            "--seed",
            "7");
    assertThat(request.env()).containsEntry("DATA", "wine@" + wine.versionId());
  }

  @Test
  void theRequestCarriesTheSchemaWithLabelAndTypedColumns() throws Exception {
    DataArrived wine = wine("cultivar");

    StepRequested request = request(SPEC, wine);

    assertThat(request.datasetSchema())
        .isEqualTo(new DatasetSchema("wine", wine.versionId(), "cultivar", wine.columns()));
  }

  @Test
  void aStepUsingTheLabelOnADatasetWithoutOneIsFoundBeforeAnyRequest() throws Exception {
    PipelineSpec spec = new SpecParser().parse(SPEC);

    assertThat(DatasetFields.needingMissingLabel(spec, wine(null)))
        .hasValueSatisfying(step -> assertThat(step.name()).isEqualTo("train"));
    assertThat(DatasetFields.needingMissingLabel(spec, wine("cultivar"))).isEmpty();
    assertThat(DatasetFields.missingLabel(spec.step("train").orElseThrow(), wine(null)))
        .contains("step 'train' uses {{dataset.label}}", "'wine' declares no labelColumn");
  }

  @Test
  void aStepWithoutDatasetPlaceholdersRunsOnAnUnlabelledDataset() throws Exception {
    String plain = SPEC.replace("--label, \"{{dataset.label}}\",", "");
    PipelineSpec spec = new SpecParser().parse(plain);

    assertThat(DatasetFields.needingMissingLabel(spec, wine(null))).isEmpty();
    assertThat(request(plain, wine(null)).datasetSchema().labelColumn()).isNull();
  }

  private static StepRequested request(String yaml, DataArrived dataset) throws Exception {
    return new StepRequests("artifacts", Duration.ofMinutes(5))
        .request(
            "r-1",
            new SpecParser().parse(yaml).step("train").orElseThrow(),
            1,
            Map.of("seed", "7"),
            dataset,
            Map.of(),
            Instant.EPOCH);
  }

  /** A hostile header that looks like a placeholder stays as it is. */
  private static DataArrived wine(String label) {
    List<ObjectRef> objects = List.of(new ObjectRef("datasets", "wine/1/wine.csv", 4, null, SHA));
    return new DataArrived(
        "wine",
        DataArrived.versionOf("wine/1/", objects),
        "datasets",
        "wine/",
        "wine/1/",
        Completion.SUCCESS_MARKER,
        objects,
        1,
        List.of(
            new ColumnSpec("alcohol", ColumnType.NUMBER),
            new ColumnSpec("malic_acid", ColumnType.NUMBER),
            new ColumnSpec("{{params.seed}}", ColumnType.NUMBER),
            new ColumnSpec("cultivar", ColumnType.STRING)),
        label);
  }
}

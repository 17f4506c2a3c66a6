package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetSchemaTest {

  private static StepRequested withSchema(DatasetSchema schema) {
    StepRequested sample = Samples.stepRequested();
    return new StepRequested(
        sample.runId(),
        sample.stepName(),
        sample.attempt(),
        sample.shardIndex(),
        sample.image(),
        sample.imageDigest(),
        sample.argv(),
        sample.env(),
        sample.inputs(),
        sample.outputs(),
        sample.resources(),
        sample.deadline(),
        sample.timeoutSeconds(),
        sample.retryPolicy(),
        sample.cacheKey(),
        sample.secretRefs(),
        sample.scheduling(),
        schema);
  }

  @Test
  void requestWithoutSchemaIsWrittenExactlyAsBeforeTheFieldExisted() {
    StepRequested sample = Samples.stepRequested();
    StepRequested withoutSchema = withSchema(null);
    StepRequested beforeTheField =
        new StepRequested(
            sample.runId(),
            sample.stepName(),
            sample.attempt(),
            sample.shardIndex(),
            sample.image(),
            sample.imageDigest(),
            sample.argv(),
            sample.env(),
            sample.inputs(),
            sample.outputs(),
            sample.resources(),
            sample.deadline(),
            sample.timeoutSeconds(),
            sample.retryPolicy(),
            sample.cacheKey(),
            sample.secretRefs(),
            sample.scheduling());

    JsonNode json = Json.mapper().valueToTree(withoutSchema);

    assertThat(json.has("datasetSchema")).isFalse();
    assertThat(beforeTheField).isEqualTo(withoutSchema);
    assertThat(DataSchemas.violations(EventType.STEP_REQUESTED, json)).isEmpty();
  }

  @Test
  void schemaRoundTripsWithLabelColumnsAndTypes() throws Exception {
    StepRequested request = withSchema(DatasetSchema.of(Samples.dataArrived()));

    JsonNode json = Json.mapper().valueToTree(request);
    StepRequested read = Json.mapper().treeToValue(json, StepRequested.class);

    assertThat(read).isEqualTo(request);
    assertThat(json.at("/datasetSchema/labelColumn").asText()).isEqualTo("species");
    assertThat(json.at("/datasetSchema/columns/4/type").asText()).isEqualTo("STRING");
    assertThat(json.at("/datasetSchema/name").asText()).isEqualTo("iris");
    assertThat(json.at("/datasetSchema").has("featureColumns")).isFalse();
    assertThat(DataSchemas.violations(EventType.STEP_REQUESTED, json)).isEmpty();
  }

  @Test
  void schemaWithoutLabelWritesANullLabelAndValidates() throws Exception {
    DatasetSchema unlabelled =
        new DatasetSchema("logs", "v1", null, List.of(new ColumnSpec("x", ColumnType.NUMBER)));

    JsonNode json = Json.mapper().valueToTree(withSchema(unlabelled));

    assertThat(json.at("/datasetSchema/labelColumn").isNull()).isTrue();
    assertThat(Json.mapper().treeToValue(json, StepRequested.class).datasetSchema())
        .isEqualTo(unlabelled);
    assertThat(DataSchemas.violations(EventType.STEP_REQUESTED, json)).isEmpty();
  }

  @Test
  void featuresAreTheColumnsOtherThanTheLabelInFileOrder() {
    assertThat(DatasetSchema.of(Samples.dataArrived()).featureColumns())
        .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
  }

  @Test
  void labelMustBeOneOfTheColumnsAndColumnsAreRequired() {
    List<ColumnSpec> columns = List.of(new ColumnSpec("x", ColumnType.NUMBER));
    assertThatThrownBy(() -> new DatasetSchema("d", "v", "y", columns))
        .hasMessageContaining("labelColumn 'y' is not one of the columns");
    assertThatThrownBy(() -> new DatasetSchema("d", "v", null, List.of()))
        .hasMessageContaining("columns");
    assertThatThrownBy(() -> new DatasetSchema(" ", "v", null, columns))
        .hasMessageContaining("name");
  }
}

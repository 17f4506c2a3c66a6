package io.sluice.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.steps.cli.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference steps on a dataset that is not Iris (the Wine example, label {@code cultivar}): the
 * label and features come from the dataset schema file ({@code SLUICE_DATASET_SCHEMA}), so the Iris
 * pipeline's commands work unchanged; a missing label column is a data error (exit 65).
 */
class DatasetSchemaStepsTest {

  private static final Path WINE = Path.of("../examples/wine/wine.csv");

  private static final String WINE_COLUMNS =
      "alcohol,malic_acid,ash,alcalinity_of_ash,magnesium,total_phenols,flavanoids,"
          + "nonflavanoid_phenols,proanthocyanins,color_intensity,hue,od280_od315,proline";

  @TempDir Path run;
  private Path data;

  @BeforeEach
  void dropWine() throws IOException {
    data = Files.createDirectories(run.resolve("data"));
    Files.copy(WINE, data.resolve("wine.csv"));
  }

  @Test
  void theIrisCommandsTrainAndEvaluateWineWithTheLabelFromTheSchema() throws IOException {
    Path schema = schema("cultivar", "");

    StepRun split = split(schema);
    assertThat(split.exitCode()).as(split.err()).isZero();
    for (String algorithm : List.of("logistic", "fm")) {
      StepRun train = train(schema, algorithm);
      assertThat(train.exitCode()).as(train.err()).isZero();
      assertThat(train.out()).contains("trained " + algorithm);
      assertThat(Files.readString(run.resolve(algorithm + "/model/signature.json")))
          .contains("\"cultivar_1\"", "\"proline\"");
      StepRun evaluate = evaluate(schema, algorithm);
      assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
      Map<String, Number> metrics = metrics(algorithm + "-evaluate");
      assertThat(metrics.get("n_test").intValue()).isEqualTo(53);
      assertThat(metrics.get("accuracy").doubleValue()).as(algorithm).isGreaterThan(0.9);
    }
  }

  @Test
  void aSchemaLabelMissingFromTheHeaderIsADataErrorNamingColumnAndHeader() throws IOException {
    StepRun split = split(schema("grape", ""));

    assertThat(split.exitCode()).isEqualTo(StepFailure.DATA_ERROR_EXIT_CODE).isEqualTo(65);
    assertThat(split.err().lines())
        .singleElement()
        .asString()
        .contains("label column 'grape' is not in the header [alcohol, malic_acid,", "cultivar]");
  }

  @Test
  void withNeitherFlagNorSchemaTheIrisDefaultIsMissingOnWineAndSaysSo() {
    StepRun split = StepRun.withEnv(env(null), "split");

    assertThat(split.exitCode()).isEqualTo(65);
    assertThat(split.err()).contains("label column 'species' is not in the header", "--label");
  }

  @Test
  void theLabelFlagOverridesTheSchema() throws IOException {
    StepRun split = StepRun.withEnv(env(schema("grape", "")), "split", "--label", "cultivar");

    assertThat(split.exitCode()).as(split.err()).isZero();
    assertThat(metrics("split").get("classes").intValue()).isEqualTo(3);
  }

  @Test
  void aTextFeatureDeclaredInTheSchemaIsADataErrorBeforeTraining() throws IOException {
    Path schema = schema("cultivar", ",{\"name\":\"hue\",\"type\":\"STRING\"}");
    Files.writeString(
        schema, Files.readString(schema).replace("{\"name\":\"hue\",\"type\":\"NUMBER\"},", ""));

    StepRun split = split(schema);

    assertThat(split.exitCode()).isEqualTo(65);
    assertThat(split.err()).contains("feature column 'hue' is STRING in the dataset schema");
  }

  @Test
  void anUnreadableOrEmptySchemaFileIsADataErrorNamingTheFile() throws IOException {
    Path broken = Files.writeString(run.resolve("broken.json"), "{\"columns\": [");
    Path empty = Files.writeString(run.resolve("empty.json"), "{\"columns\": []}");

    for (Path schema : List.of(broken, empty, run.resolve("absent.json"))) {
      StepRun split = split(schema);
      assertThat(split.exitCode()).as(schema.toString()).isEqualTo(65);
      assertThat(split.err()).contains(schema.toString(), "SLUICE_DATASET_SCHEMA");
    }
  }

  @Test
  void aUsageErrorStaysExitTwoWithOneLine() {
    StepRun train = StepRun.withEnv(env(null), "train", "--lable", "cultivar");

    assertThat(train.exitCode()).isEqualTo(2);
    assertThat(train.err().lines()).singleElement().asString().contains("unknown flag --lable");
  }

  private StepRun split(Path schema) {
    return StepRun.withEnv(env(schema), "split", "--seed", "42");
  }

  private StepRun train(Path schema, String algorithm) {
    Map<String, String> env = env(schema);
    env.put("SLUICE_INPUT_TRAIN", run.resolve("split/train").toString());
    env.put("SLUICE_OUTPUT_MODEL", run.resolve(algorithm + "/model").toString());
    return StepRun.withEnv(env, "train", "--algorithm", algorithm, "--seed", "42");
  }

  private StepRun evaluate(Path schema, String algorithm) {
    Map<String, String> env = env(schema);
    env.put("SLUICE_INPUT_MODEL", run.resolve(algorithm + "/model").toString());
    env.put("SLUICE_INPUT_TEST", run.resolve("split/test").toString());
    env.put("SLUICE_OUTPUT_REPORT", run.resolve(algorithm + "/report").toString());
    env.put("SLUICE_METRICS_FILE", run.resolve(algorithm + "-evaluate.json").toString());
    return StepRun.withEnv(env, "evaluate");
  }

  private Map<String, String> env(Path schema) {
    Map<String, String> env = new HashMap<>();
    env.put("SLUICE_INPUT_DATA", data.toString());
    env.put("SLUICE_OUTPUT_TRAIN", run.resolve("split/train").toString());
    env.put("SLUICE_OUTPUT_TEST", run.resolve("split/test").toString());
    env.put("SLUICE_METRICS_FILE", run.resolve("split.json").toString());
    if (schema != null) {
      env.put("SLUICE_DATASET_SCHEMA", schema.toString());
    }
    return env;
  }

  /** The schema file as the executor writes it, with {@code extra} columns appended. */
  private Path schema(String label, String extra) throws IOException {
    StringBuilder columns = new StringBuilder();
    for (String column : WINE_COLUMNS.split(",")) {
      String type = column.equals("magnesium") || column.equals("proline") ? "INTEGER" : "NUMBER";
      columns.append("{\"name\":\"").append(column).append("\",\"type\":\"").append(type);
      columns.append("\"},");
    }
    columns.append("{\"name\":\"cultivar\",\"type\":\"STRING\"}").append(extra);
    String json =
        "{\"name\":\"wine\",\"version\":\"v1\",\"labelColumn\":\"%s\",\"columns\":[%s]}"
            .formatted(label, columns);
    return Files.writeString(run.resolve("schema-" + label + ".json"), json);
  }

  private Map<String, Number> metrics(String name) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Number> metrics =
        Json.MAPPER.readValue(run.resolve(name + ".json").toFile(), Map.class);
    return metrics;
  }
}

package io.sluice.steps.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.steps.Iris;
import io.sluice.steps.Json;
import io.sluice.steps.StepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {

  @TempDir Path dir;
  private Path data;
  private Path model;

  @BeforeEach
  void trainOnIris() throws IOException {
    data = Iris.dataFolder(dir);
    model = dir.resolve("model");
    StepRun train =
        StepRun.of("train", "--train", data.toString(), "--model", model.toString(), "--seed", "1");
    assertThat(train.exitCode()).as(train.err()).isZero();
  }

  @Test
  void writesReportAndMetricsFileWithTheSameMetrics() throws IOException {
    Path metricsFile = dir.resolve("metrics/evaluate.json");
    Path report = dir.resolve("report");

    StepRun run =
        StepRun.withEnv(
            Map.of("SLUICE_METRICS_FILE", metricsFile.toString()),
            "evaluate",
            "--model",
            model.toString(),
            "--test",
            data.toString(),
            "--report",
            report.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics = Json.read(metricsFile, Map.class);
    assertThat(metrics)
        .containsKeys("accuracy", "macro_f1", "recall_setosa", "recall_versicolor")
        .containsEntry("n_test", 150);
    assertThat((Double) metrics.get("accuracy")).isGreaterThan(0.9);
    assertThat(Json.read(report.resolve("metrics.json"), Map.class)).isEqualTo(metrics);
    assertThat(Files.readString(report.resolve("confusion_matrix.csv")))
        .startsWith("true\\predicted,setosa,versicolor,virginica");
  }

  @Test
  void rejectsTestDataWithoutAFeatureTheModelNeeds() throws IOException {
    Path test = Files.createDirectories(dir.resolve("test"));
    Files.writeString(test.resolve("test.csv"), "sepal_length,sepal_width,species\n1,2,setosa\n");

    StepRun run =
        StepRun.of(
            "evaluate",
            "--model",
            model.toString(),
            "--test",
            test.toString(),
            "--report",
            dir.resolve("report").toString(),
            "--label",
            "species");

    assertThat(run.exitCode()).isEqualTo(65);
    assertThat(run.err()).contains("feature column(s) [petal_length, petal_width]");
  }

  @Test
  void rejectsModelFolderWithoutOnnxFile() throws IOException {
    Files.delete(model.resolve("model.onnx"));

    StepRun run =
        StepRun.of(
            "evaluate",
            "--model",
            model.toString(),
            "--test",
            data.toString(),
            "--report",
            dir.resolve("report").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("has no model.onnx");
  }
}

package io.sluice.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Iris pipeline as the local executor runs it: each step gets its folders and metrics file
 * through the step contract's environment variables, and only parameters on the command line.
 */
class IrisPipelineTest {

  @TempDir Path run;

  @Test
  void splitTrainEvaluateSelectProduceTheBetterModelPackage() throws IOException {
    Path data = Iris.dataFolder(run);

    Map<String, Number> split =
        step(
            Map.of(
                "INPUT_DATA",
                data,
                "OUTPUT_TRAIN",
                out("split/train"),
                "OUTPUT_TEST",
                out("split/test")),
            "split",
            "--test-fraction",
            "0.3",
            "--seed",
            "42");
    assertThat(split).containsEntry("rows_train", 105).containsEntry("rows_test", 45);
    assertThat(Files.readAllLines(out("split/test").resolve("test.csv")).get(0))
        .isEqualTo("sepal_length,sepal_width,petal_length,petal_width,species");

    for (String algorithm : List.of("logistic", "fm")) {
      Map<String, Number> train =
          step(
              Map.of("INPUT_TRAIN", out("split/train"), "OUTPUT_MODEL", out(algorithm + "/model")),
              "train",
              "--algorithm",
              algorithm,
              "--seed",
              "42");
      assertThat(train.get("train_accuracy").doubleValue()).isGreaterThan(0.9);
      Map<String, Number> evaluate =
          step(
              Map.of(
                  "INPUT_MODEL",
                  out(algorithm + "/model"),
                  "INPUT_TEST",
                  out("split/test"),
                  "OUTPUT_REPORT",
                  out(algorithm + "/report")),
              "evaluate");
      assertThat(evaluate).containsEntry("n_test", 45);
      assertThat(evaluate.get("accuracy").doubleValue()).isGreaterThan(0.85);
    }

    Map<String, Number> select =
        step(
            Map.of("OUTPUT_MODEL", out("select/model")),
            "select",
            "--metric",
            "accuracy",
            "--candidate",
            "logistic=" + out("logistic/model") + ":" + out("logistic/report"),
            "--candidate",
            "fm=" + out("fm/model") + ":" + out("fm/report"));
    String winner = select.get("selected_logistic").intValue() == 1 ? "logistic" : "fm";
    assertThat(select.get("selected_" + winner)).isEqualTo(1);
    assertThat(select.get("accuracy"))
        .isEqualTo(Json.read(out(winner + "/report/metrics.json"), Map.class).get("accuracy"));
    assertThat(Files.readAllBytes(out("select/model/model.onnx")))
        .isEqualTo(Files.readAllBytes(out(winner + "/model/model.onnx")));
  }

  /** Runs one step with SLUICE_<key> folders and a metrics file, and returns its metrics. */
  @SuppressWarnings("unchecked")
  private Map<String, Number> step(Map<String, Path> folders, String... args) throws IOException {
    Path metricsFile = out("metrics/" + args[0] + "-" + System.nanoTime() + ".json");
    Map<String, String> env = new HashMap<>();
    folders.forEach((key, folder) -> env.put("SLUICE_" + key, folder.toString()));
    env.put("SLUICE_METRICS_FILE", metricsFile.toString());

    StepRun result = StepRun.withEnv(env, args);

    assertThat(result.exitCode()).as(args[0] + " failed: " + result.err()).isZero();
    return Json.read(metricsFile, Map.class);
  }

  private Path out(String relative) {
    return run.resolve(relative);
  }
}

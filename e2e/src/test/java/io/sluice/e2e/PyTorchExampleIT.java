package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisStory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7: {@code examples/iris-pytorch} as shipped: the Iris CSV dropped into {@code
 * iris-torch/} is split by the Java step, trained by the PyTorch step (on the CPU here: no GPU, so
 * the platform runs with {@code gpu-fallback=cpu}), exported to ONNX with its signature, gated, and
 * served as {@code iris-torch-classifier}. Needs Debian's Python with torch and onnx, which {@code
 * .ci/run} installs; on a developer machine without them it is skipped, never in CI.
 */
@Order(7)
@ExtendWith(LogsOnFailure.class)
class PyTorchExampleIT {

  static final String MODEL = "iris-torch-classifier";
  private static IrisStory story;

  @BeforeAll
  static void registerTheExample() throws Exception {
    if (!"true".equals(System.getenv("CI"))) {
      assumeThat(torchIsInstalled())
          .as(
              "Debian's python3-torch and python3-onnx (apt-get install python3-torch python3-onnx)")
          .isTrue();
    }
    story = IrisStory.get();
    Path example = Platform.get().repo().resolve("examples/iris-pytorch");
    story.assertRegistered(story.registerDataset("iris-torch", "iris-torch/"));
    story.assertRegistered(
        story.registerPipeline(Files.readString(example.resolve("pipeline.yaml"))));
  }

  @Test
  void droppedCsvIsTrainedByThePyTorchStepAndItsModelServesAPrediction() {
    Drop drop = story.drop(IrisStory.folder("iris-torch", ""), story.irisCsv());
    Event started =
        story.awaitEvent(
            "run.started of iris-pytorch",
            drop.mark(),
            e -> e.is("run.started") && "iris-pytorch".equals(e.text("pipelineName")));
    String runId = started.text("runId");
    Event outcome =
        story.awaitEvent(
            "model.promoted of " + MODEL,
            drop.mark(),
            e ->
                (e.is("model.promoted") && MODEL.equals(e.text("modelName")))
                    || IrisStory.failedRun(e, runId)
                    || (e.is("model.evaluated") && "REJECTED".equals(e.text("verdict"))));

    assertThat(outcome.type()).as(outcome.describe()).isEqualTo("model.promoted");
    Event trained =
        story.awaitEvent(
            "step.done of train",
            drop.mark(),
            e ->
                e.is("step.done")
                    && runId.equals(e.text("runId"))
                    && "train".equals(e.text("stepName")));
    assertThat(trained.data().path("metrics").path("accuracy").asDouble())
        .isGreaterThanOrEqualTo(0.9);
    assertThat(trained.data().path("metrics").path("gpu").asDouble()).isZero();

    Http.Response response = story.infer(MODEL, IrisStory.SAMPLE);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode label = response.json().path("outputs").get(0);
    assertThat(label.path("name").asText()).isEqualTo("label");
    assertThat(label.path("data").get(0).asText()).isEqualTo("setosa");
    assertThat(response.json().path("model_version").asText())
        .isEqualTo(outcome.data().path("version").asText());
  }

  private static boolean torchIsInstalled() throws InterruptedException {
    try {
      Process check =
          new ProcessBuilder("/usr/bin/python3", "-c", "import torch, onnx")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!check.waitFor(60, TimeUnit.SECONDS)) {
        check.destroyForcibly();
        return false;
      }
      return check.exitValue() == 0;
    } catch (IOException e) {
      return false; // no /usr/bin/python3
    }
  }
}

package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.story.Drop;
import io.sluice.e2e.story.IrisStory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 8: {@code examples/wine} as shipped, a second tabular dataset (label {@code cultivar},
 * 13 features) run by the Iris pipeline with only its names changed: no step flag names the label,
 * the reference steps read it from {@code SLUICE_DATASET_SCHEMA}; the model is gated, promoted and
 * answers at the serving gateway.
 */
@Order(8)
@ExtendWith(LogsOnFailure.class)
class WineExampleIT {

  static final String MODEL = "wine-classifier";

  /** The first row of {@code wine.csv} (a {@code cultivar_1} wine), features in file order. */
  static final String SAMPLE = "[14.23,1.71,2.43,15.6,127,2.8,3.06,0.28,2.29,5.64,1.04,3.92,1065]";

  private static IrisStory story;
  private static Path example;

  @BeforeAll
  static void registerTheExample() throws Exception {
    story = IrisStory.get();
    Platform platform = Platform.get();
    example = platform.repo().resolve("examples/wine");
    Http http = new Http(platform::adminToken);
    story.assertRegistered(
        http.post(
            platform.serviceUrl("ingest") + "/api/v1/datasets",
            "application/json",
            Files.readString(example.resolve("dataset.json"))));
    story.assertRegistered(
        story.registerPipeline(Files.readString(example.resolve("pipeline.yaml"))));
  }

  @Test
  void droppedWineCsvRunsTheIrisStepsWithoutFlagsAndItsModelServes() throws Exception {
    assertThat(Files.readString(example.resolve("pipeline.yaml"))).doesNotContain("--label");
    Drop drop =
        story.drop(IrisStory.folder("wine", ""), Files.readAllBytes(example.resolve("wine.csv")));
    Event started =
        story.awaitEvent(
            "run.started of wine",
            drop.mark(),
            e -> e.is("run.started") && "wine".equals(e.text("pipelineName")));
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
    Http.Response response = story.infer(MODEL, SAMPLE);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode label = response.json().path("outputs").get(0);
    assertThat(label.path("name").asText()).isEqualTo("label");
    assertThat(label.path("data").get(0).asText()).isEqualTo("cultivar_1");
    assertThat(response.json().path("model_version").asText())
        .isEqualTo(outcome.data().path("version").asText());
  }
}

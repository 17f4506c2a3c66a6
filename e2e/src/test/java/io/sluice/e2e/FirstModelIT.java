package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.story.IrisStory;
import io.sluice.e2e.story.IrisStory.FirstModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: the shipped Iris CSV dropped into {@code iris/<date>/} ends with {@code
 * iris-classifier} served, answering the sample with {@code setosa}, and with a lineage that leads
 * back to the very object that was uploaded.
 */
@Order(1)
@ExtendWith(LogsOnFailure.class)
class FirstModelIT {

  private static IrisStory story;
  private static FirstModel first;

  @BeforeAll
  static void dropTheIrisCsv() {
    story = IrisStory.get();
    first = story.firstModel();
  }

  @Test
  void dropOfTheIrisCsvEndsWithThePromotedModel() {
    assertThat(first.promoted().text("modelName")).isEqualTo(IrisStory.MODEL);
    assertThat(first.version()).isPositive();
    assertThat(first.runStarted().text("pipelineName")).isEqualTo("iris");
    assertThat(first.runStarted().text("datasetVersion"))
        .isEqualTo(first.arrived().text("versionId"));
  }

  @Test
  void oneTraceFollowsTheDropToThePromotedModel() {
    String trace = first.arrived().traceId();
    List<Event> chain =
        story.events().since(first.drop().mark()).stream()
            .filter(e -> e.correlationId().equals(first.arrived().text("versionId")))
            .toList();

    assertThat(trace).hasSize(32);
    assertThat(chain)
        .extracting(Event::type)
        .contains("run.started", "step.requested", "step.started", "step.done", "model.promoted");
    assertThat(chain).allSatisfy(e -> assertThat(e.traceId()).as(e.describe()).isEqualTo(trace));
    assertThat(first.promoted().traceId()).isEqualTo(trace);
  }

  @Test
  void servedModelPredictsSetosaForTheSampleAndNamesItsVersion() {
    Http.Response response = story.inferSample();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode json = response.json();
    assertThat(json.path("model_name").asText()).isEqualTo(IrisStory.MODEL);
    assertThat(json.path("model_version").asText()).isEqualTo(Integer.toString(first.version()));
    assertThat(output(json, "label").path("data").get(0).asText()).isEqualTo("setosa");
    JsonNode probabilities = output(json, "probabilities");
    assertThat(probabilities.path("shape")).hasSize(2);
    assertThat(probabilities.path("data").size())
        .isEqualTo(probabilities.path("shape").get(1).asInt());
    assertThat(sum(probabilities.path("data")))
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void lineageOfTheServedVersionLeadsBackToTheUploadedObjectsETag() {
    Http.Response response = story.lineage(first.version());

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode dataset = response.json().path("dataset");
    assertThat(dataset.path("name").asText()).isEqualTo("iris");
    assertThat(dataset.path("version").asText()).isEqualTo(first.arrived().text("versionId"));
    List<String> objects = new ArrayList<>();
    dataset
        .path("objects")
        .forEach(o -> objects.add(o.path("key").asText() + " eTag " + o.path("eTag").asText()));
    assertThat(objects).contains(first.drop().dataKey() + " eTag " + first.drop().eTag());
  }

  @Test
  void trainStepsLogIsReadableAfterTheRun() {
    Http.Response response = story.stepLog(first.runStarted().text("runId"), "train-logistic");

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).contains("trained logistic on").contains("metrics ");
  }

  private static JsonNode output(JsonNode response, String name) {
    for (JsonNode output : response.path("outputs")) {
      if (name.equals(output.path("name").asText())) {
        return output;
      }
    }
    throw new AssertionError("no output '" + name + "' in " + response);
  }

  private static double sum(JsonNode numbers) {
    double sum = 0;
    for (JsonNode number : numbers) {
      sum += number.asDouble();
    }
    return sum;
  }
}

package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.e2e.client.Event;
import io.sluice.e2e.client.Http;
import io.sluice.e2e.platform.LogsOnFailure;
import io.sluice.e2e.platform.Platform;
import io.sluice.e2e.story.IrisStory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: the serving-gateway process restarted with {@code sluice restart} serves the promoted
 * version again by itself, from what it recorded: by the time it reports ready it answers with the
 * same version and the same prediction, and no event was produced or needed for it.
 */
@Order(6)
@ExtendWith(LogsOnFailure.class)
class GatewayRestartIT {

  private static final String GATEWAY = "serving-gateway";
  private static final String GATEWAY_SOURCE = "/sluice/" + GATEWAY;

  /** Long enough for a redelivered evaluation to be handled again, many times over. */
  private static final Duration QUIET = Duration.ofSeconds(10);

  private static IrisStory story;
  private static IrisStory.FirstModel first;
  private static Platform platform;

  @BeforeAll
  static void serveTheFirstModel() {
    story = IrisStory.get();
    first = story.firstModel();
    platform = Platform.get();
  }

  @Test
  void restartedGatewayServesThePromotedVersionAgainWithoutANewEvent() {
    String version = servedVersion();
    JsonNode predictionBefore = predictionOf(story.inferSample(), version);
    int eventMark = story.events().mark();
    long logMark = platform.logs().mark(GATEWAY);

    String restart = platform.restart(GATEWAY);

    assertThat(restart)
        .as("a new process, after the old one stopped gracefully")
        .containsPattern(GATEWAY + " +stopped \\(pid \\d+\\)")
        .containsPattern(GATEWAY + " +started \\(pid \\d+\\)")
        .contains(GATEWAY + " is ready again at " + platform.serviceUrl(GATEWAY));
    // No waiting from here on: once the gateway reports ready, it serves the recorded version.
    Http.Response ready = story.modelReady();
    assertThat(ready.status()).as(ready.describe()).isEqualTo(200);
    assertThat(ready.json().path("ready").asBoolean()).as(ready.describe()).isTrue();
    assertThat(ready.json().path("version").asText()).as(ready.describe()).isEqualTo(version);
    assertThat(servedVersion()).isEqualTo(version);
    assertThat(predictionOf(story.inferSample(), version)).isEqualTo(predictionBefore);
    assertThat(platform.logs().since(GATEWAY, logMark))
        .as("the restarted gateway's log")
        .contains("serving " + IrisStory.MODEL + " v" + version + " again")
        .contains("start-up recovery done; ready to serve");
    assertThat(first.promoted().source())
        .as("what a gateway event looks like, so that none is recognised")
        .isEqualTo(GATEWAY_SOURCE);
    await("no event from the restarted gateway, and no promotion")
        .during(QUIET)
        .atMost(QUIET.plusSeconds(10))
        .until(() -> gatewayEventsOrPromotionsSince(eventMark).isEmpty());
  }

  /** The single version in {@code GET /v2/models/iris-classifier}. */
  private static String servedVersion() {
    Http.Response metadata = story.modelMetadata();
    assertThat(metadata.status()).as(metadata.describe()).isEqualTo(200);
    JsonNode versions = metadata.json().path("versions");
    assertThat(versions).as(metadata.describe()).hasSize(1);
    return versions.get(0).asText();
  }

  /** The outputs of an answer to the sample, checked to come from {@code version}. */
  private static JsonNode predictionOf(Http.Response infer, String version) {
    assertThat(infer.status()).as(infer.describe()).isEqualTo(200);
    assertThat(infer.json().path("model_version").asText()).as(infer.describe()).isEqualTo(version);
    return infer.json().path("outputs");
  }

  private static List<Event> gatewayEventsOrPromotionsSince(int mark) {
    return story.events().since(mark).stream()
        .filter(e -> GATEWAY_SOURCE.equals(e.source()) || e.is("model.promoted"))
        .toList();
  }
}

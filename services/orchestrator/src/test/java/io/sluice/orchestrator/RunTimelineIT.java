package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.StepFailed;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run's timeline over REST: every change of the run and its steps, in order, each with its event;
 * the orchestrator's own events (run.started, step.requested, run.failed, run.cancelled) come back
 * to it through Kafka, and a redelivered event adds nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RunTimelineIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static TestEventBus bus;
  private static RunDriver driver;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void timelineShowsEveryChangeOfAFailedRunInOrderWithItsEvent() throws Exception {
    String pipeline = registerIris();
    EventEnvelope<DataArrived> arrived = driver.arrive(pipeline);
    EventEnvelope<StepRequested> split =
        driver.awaitRequestEvent(arrived.correlationId(), "split", 1);
    String runId = split.data().runId();
    driver.started(arrived, split.data(), Instant.now());
    EventEnvelope<StepFailed> failed = driver.fail(arrived, split.data(), false);

    JsonPath timeline = awaitTimelineEndingWith(runId, "run.failed");
    assertThat(timeline.getList("items.eventType", String.class))
        .containsExactly(
            "run.started", "step.requested", "step.started", "step.failed", "run.failed");
    EventEnvelope<RunStarted> started = bus.chain(arrived.correlationId(), RunStarted.class).get(0);
    assertThat(timeline.getString("items[0].eventId")).isEqualTo(started.id());
    assertThat(timeline.getString("items[0].detail"))
        .contains("dataset trigger", arrived.data().versionId());
    assertThat(timeline.getString("items[1].eventId")).isEqualTo(split.id());
    assertThat(timeline.getString("items[1].step")).isEqualTo("split");
    assertThat(timeline.getInt("items[1].attempt")).isEqualTo(1);
    assertThat(timeline.getString("items[3].eventId")).isEqualTo(failed.id());
    assertThat(timeline.getString("items[3].detail")).isEqualTo("NONZERO_EXIT: exit code 1");
    EventEnvelope<RunFailed> runFailed = bus.chain(arrived.correlationId(), RunFailed.class).get(0);
    assertThat(timeline.getString("items[4].eventId")).isEqualTo(runFailed.id());
    assertThat(timeline.getString("items[4].step")).isEqualTo("split");
    assertThat(timeline.getString("items[4].time")).isNotBlank();
  }

  @Test
  void aRedeliveredEventAddsNothingToTheTimeline() throws Exception {
    String pipeline = registerIris();
    EventEnvelope<DataArrived> arrived = driver.arrive(pipeline);
    StepRequested split = driver.awaitRequest(arrived.correlationId(), "split", 1);
    driver.started(arrived, split, Instant.now());
    awaitTimelineEndingWith(split.runId(), "step.started");
    EventEnvelope<StepFailed> failed = driver.fail(arrived, split, false);
    awaitTimelineEndingWith(split.runId(), "run.failed");

    bus.send(failed);
    // A new event after the redelivery, on the same partition (keyed by the run): once it is in
    // the timeline, the redelivered one before it has been read too.
    driver.started(arrived, split, Instant.now());
    JsonPath timeline = awaitTimelineEndingWith(split.runId(), "step.started");
    assertThat(timeline.getList("items.eventType", String.class))
        .containsExactly(
            "run.started",
            "step.requested",
            "step.started",
            "step.failed",
            "run.failed",
            "step.started");
  }

  @Test
  void aCancelOverRestReachesTheTimelineThroughKafka() throws Exception {
    String pipeline = registerIris();
    EventEnvelope<DataArrived> arrived = driver.arrive(pipeline);
    StepRequested split = driver.awaitRequest(arrived.correlationId(), "split", 1);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/json")
        .body("{\"reason\": \"wrong data\"}")
        .post("/api/v1/runs/" + split.runId() + "/cancel")
        .then()
        .statusCode(202);

    // The orchestrator announces the cancellation, then asks each requested attempt to stop.
    JsonPath timeline = awaitTimelineEndingWith(split.runId(), "step.cancel_requested");
    assertThat(timeline.getList("items.eventType", String.class))
        .containsExactly("run.started", "step.requested", "run.cancelled", "step.cancel_requested");
    assertThat(timeline.getString("items.find { it.eventType == 'run.cancelled' }.detail"))
        .startsWith("wrong data");
  }

  @Test
  void timelineIsPagedByItsNextEntry() throws Exception {
    String pipeline = registerIris();
    EventEnvelope<DataArrived> arrived = driver.arrive(pipeline);
    StepRequested split = driver.awaitRequest(arrived.correlationId(), "split", 1);
    driver.fail(arrived, split, false);
    awaitTimelineEndingWith(split.runId(), "run.failed");

    JsonPath first = timeline(split.runId(), "?limit=2");
    assertThat(first.getList("items.eventType", String.class))
        .containsExactly("run.started", "step.requested");
    String next = first.getString("next");
    JsonPath rest = timeline(split.runId(), "?limit=5&after=" + next);
    assertThat(rest.getList("items.eventType", String.class))
        .containsExactly("step.failed", "run.failed");
    assertThat(rest.getString("next")).isNull();
  }

  @Test
  void timelineRefusesWhatItCannotRead() {
    String unknown = "01890000-0000-7000-8000-000000000000";
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + unknown + "/timeline")
        .then()
        .statusCode(404)
        .body("detail", containsString("no run " + unknown));
    for (String query : List.of("?after=-1", "?after=x", "?limit=0", "?limit=1001", "?after=1e3")) {
      given()
          .auth()
          .oauth2(TestTokens.admin())
          .get("/api/v1/runs/" + unknown + "/timeline" + query)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("detail", containsString(query.startsWith("?after") ? "after" : "limit"));
    }
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/not-a-run/timeline")
        .then()
        .statusCode(400)
        .body("detail", containsString("run id must be a UUID"));
  }

  private static JsonPath awaitTimelineEndingWith(String runId, String eventType) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> timeline(runId, ""),
            page -> {
              List<String> types = page.getList("items.eventType", String.class);
              return !types.isEmpty() && types.get(types.size() - 1).equals(eventType);
            });
  }

  private static JsonPath timeline(String runId, String query) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + runId + "/timeline" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static String registerIris() throws Exception {
    String name = RunDriver.unique("timeline");
    RunDriver.register(
        Files.readString(Path.of("../../examples/iris/pipeline.yaml"))
            .replace("name: iris\n", "name: " + name + "\n")
            .replace("dataset: iris\n", "dataset: " + name + "\n"));
    return name;
  }
}

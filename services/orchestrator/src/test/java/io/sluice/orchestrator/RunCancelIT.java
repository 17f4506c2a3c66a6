package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.sluice.events.DataArrived;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.ModelCandidate;
import io.sluice.events.RunCancelled;
import io.sluice.events.RunFailed;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepFailed;
import io.sluice.events.StepRequested;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.orchestrator.run.DueRetries;
import io.sluice.orchestrator.run.RetryScheduler;
import io.sluice.orchestrator.run.RunSubscriptions;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cancelling runs over REST: the run and its unfinished steps end as cancelled, requested attempts
 * are asked to stop, the cancellation is announced once, and nothing that arrives later (a step's
 * late outcome, a retry timer) moves the run again.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RunCancelIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String ORCHESTRATOR = EventEnvelope.sourceOf("orchestrator");

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject RetryScheduler scheduler;
  @Inject DueRetries dueRetries;
  @Inject DataSource dataSource;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS, Topics.MODELS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  /**
   * Registers a pipeline whose {@code train} (retried after 1s) and {@code lint} read the dataset,
   * and whose {@code evaluate} waits for {@code train}; the model is train's. Returns the dataset.
   */
  private static String register() {
    String name = RunDriver.unique("cancel");
    RunDriver.register(
        """
        name: %s
        trigger: {dataset: %s}
        steps:
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}", "{{outputs.model}}"]
            inputs: {data: dataset}
            outputs: [model]
            retries: 2
            retryBackoff: {initial: 1s}
          - name: lint
            image: img:1
            command: [lint, "{{inputs.data}}"]
            inputs: {data: dataset}
          - name: evaluate
            image: img:1
            command: [evaluate, "{{inputs.model}}"]
            inputs: {model: train.model}
        model:
          name: %s
          artifact: train.model
          metrics: evaluate
          gate:
            - {metric: accuracy, min: 0.5}
        """
            .formatted(name, name, name));
    return name;
  }

  private static ValidatableResponse cancel(String runId, String body) {
    return cancelAs(TestTokens.admin(), runId, body);
  }

  private static ValidatableResponse cancelAs(String token, String runId, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(body)
        .post(cancelPath(runId))
        .then();
  }

  private static String cancelPath(String runId) {
    return "/api/v1/runs/" + runId + "/cancel";
  }

  @Test
  void cancellingARunningRunStopsItsRequestedAttemptsAndAnnouncesIt() {
    String dataset = register();
    EventEnvelope<DataArrived> arrived = driver.arrive(dataset);
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.awaitRequest(chain, "lint", 1);
    String runId = train.runId();

    cancelAs(
            TestTokens.forSubject("ada", Roles.ML_ENGINEER),
            runId,
            "{\"reason\": \"wrong learning rate\"}")
        .statusCode(202)
        .body("id", equalTo(runId))
        .body("state", equalTo("CANCELLED"))
        .body("cancelReason", equalTo("wrong learning rate"))
        .body("cancelledBy", equalTo("ada"))
        .body("cancelledAt", notNullValue())
        .body("steps.state", everyItem(equalTo("CANCELLED")));

    EventEnvelope<RunCancelled> cancelled = awaitOne(chain, RunCancelled.class);
    assertThat(cancelled.subject()).isEqualTo(runId);
    assertThat(cancelled.causationId()).isNull();
    assertThat(cancelled.data().reason()).isEqualTo("wrong learning rate");
    assertThat(cancelled.data().cancelledBy()).isEqualTo("ada");
    assertThat(cancelled.data().datasetVersion()).isEqualTo(arrived.data().versionId());
    List<EventEnvelope<StepCancelRequested>> stops =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(chain, StepCancelRequested.class), list -> list.size() == 2);
    assertThat(stops)
        .extracting(e -> e.data().stepName() + "#" + e.data().attempt())
        .containsExactlyInAnyOrder("train#1", "lint#1");
    assertThat(stops)
        .allSatisfy(e -> assertThat(e.causationId()).isEqualTo(cancelled.id()))
        .allSatisfy(e -> assertThat(e.subject()).isEqualTo(runId))
        .allSatisfy(e -> assertThat(e.data().reason()).isEqualTo("wrong learning rate"));

    JsonPath shown = RunDriver.run(runId);
    assertThat(shown.getString("state")).isEqualTo("CANCELLED");
    assertThat(shown.getString("cancelReason")).isEqualTo("wrong learning rate");
    assertThat(shown.getString("cancelledBy")).isEqualTo("ada");
    assertThat(Instant.parse(shown.getString("cancelledAt")))
        .isEqualTo(Instant.parse(shown.getString("finishedAt")));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs?state=CANCELLED&pipeline=" + dataset)
        .then()
        .statusCode(200)
        .body("items.id", hasItem(runId))
        .body("items[0].cancelReason", equalTo("wrong learning rate"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs?state=RUNNING&pipeline=" + dataset)
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem(runId)));
  }

  @Test
  void lateOutcomesOfACancelledRunChangeNothing() throws Exception {
    EventEnvelope<DataArrived> arrived = driver.arrive(register());
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.done(arrived, driver.awaitRequest(chain, "lint", 1), Map.of());
    String runId = train.runId();
    RunDriver.awaitStepState(runId, "lint", "DONE");

    given().auth().oauth2(TestTokens.admin()).post(cancelPath(runId)).then().statusCode(202);
    assertThat(awaitOne(chain, RunCancelled.class).data().reason()).isEqualTo("cancelled by user");
    awaitPublished(runId, arrived);
    int emittedBefore = emittedAbout(runId).size();

    // The executor stops the attempt and says so; a done that raced the cancel comes too.
    driver.done(arrived, train, Map.of("accuracy", 0.99));
    EventEnvelope<StepFailed> stopped = sendCancelledFailure(arrived, train);
    awaitApplied(stopped);
    awaitPublished(runId, arrived);

    assertThat(emittedAbout(runId)).hasSize(emittedBefore);
    assertThat(driver.requested(chain)).noneMatch(r -> r.stepName().equals("evaluate"));
    assertThat(bus.chain(chain, ModelCandidate.class)).isEmpty();
    JsonPath shown = RunDriver.run(runId);
    assertThat(shown.getString("state")).isEqualTo("CANCELLED");
    assertThat(shown.getList("steps.state")).containsExactly("CANCELLED", "DONE", "CANCELLED");
    assertThat(shown.getList("steps.outputs[0]")).isEmpty();
  }

  @Test
  void cancellingTwiceAnnouncesOnceAndAnswersWithTheSameRun() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register());
    String chain = arrived.correlationId();
    String runId = driver.awaitRequest(chain, "train", 1).runId();
    driver.awaitRequest(chain, "lint", 1);

    JsonPath first = cancel(runId, "{\"reason\": \"first\"}").statusCode(202).extract().jsonPath();
    JsonPath second =
        cancel(runId, "{\"reason\": \"second\"}").statusCode(200).extract().jsonPath();

    assertThat(second.getString("state")).isEqualTo("CANCELLED");
    assertThat(second.getString("cancelReason")).isEqualTo("first");
    assertThat(second.getString("cancelledAt")).isEqualTo(first.getString("cancelledAt"));
    awaitOne(chain, RunCancelled.class);
    awaitPublished(runId, arrived);
    assertThat(bus.chain(chain, RunCancelled.class)).hasSize(1);
    assertThat(bus.chain(chain, StepCancelRequested.class)).hasSize(2);
  }

  @Test
  void anEndedRunCannotBeCancelled() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register());
    String chain = arrived.correlationId();
    String runId = driver.awaitRequest(chain, "train", 1).runId();
    driver.fail(arrived, driver.awaitRequest(chain, "lint", 1), false);
    EventEnvelope<RunFailed> failed = awaitOne(chain, RunFailed.class);

    cancel(runId, "{\"reason\": \"too late\"}")
        .statusCode(409)
        .contentType("application/problem+json")
        .body("status", equalTo(409))
        .body("detail", containsString("FAILED"));

    awaitPublished(runId, arrived);
    assertThat(bus.chain(chain, RunCancelled.class)).isEmpty();
    // Only the failure asked the other attempt to stop, the refused cancel nothing more.
    assertThat(bus.chain(chain, StepCancelRequested.class))
        .singleElement()
        .satisfies(e -> assertThat(e.data().stepName()).isEqualTo("train"))
        .satisfies(e -> assertThat(e.causationId()).isEqualTo(failed.id()));
    assertThat(RunDriver.run(runId).getString("state")).isEqualTo("FAILED");
  }

  @Test
  void aStepWaitingForItsRetryIsNeverRetriedOnceTheRunIsCancelled() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register());
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.awaitRequest(chain, "lint", 1);
    String runId = train.runId();
    // Stopped, so the timer cannot fire before the cancel, however slow the machine is.
    scheduler.stop();
    try {
      driver.fail(arrived, train, true);
      JsonPath waiting = RunDriver.awaitStepState(runId, "train", "WAITING_FOR_RETRY");
      Instant retryAt = Instant.parse(waiting.getString("steps[0].retryAt"));

      cancel(runId, "{}")
          .statusCode(202)
          .body("cancelReason", equalTo("cancelled by user"))
          .body("steps[0].state", equalTo("CANCELLED"))
          .body("steps[0].retryAt", equalTo(null))
          .body("steps[0].lastError", containsString("not retried: the run was cancelled"));

      await().atMost(PATIENCE).until(() -> Instant.now().isAfter(retryAt));
      // Fires every due timer now (other runs' timers may still wait: the result is not ours).
      dueRetries.fire();
    } finally {
      scheduler.start();
    }
    awaitOne(chain, RunCancelled.class);
    awaitPublished(runId, arrived);
    assertThat(driver.requested(chain)).noneMatch(r -> r.attempt() == 2);
    // Only the running attempt is asked to stop: the waiting one never started.
    assertThat(bus.chain(chain, StepCancelRequested.class))
        .singleElement()
        .satisfies(e -> assertThat(e.data().stepName()).isEqualTo("lint"));
    assertThat(RunDriver.run(runId).getInt("steps[0].attempt")).isEqualTo(1);
  }

  @Test
  void badCancelRequestsAreRefusedAndChangeNothing() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register());
    String runId = driver.awaitRequest(arrived.correlationId(), "train", 1).runId();

    refused(
        given().auth().oauth2(TestTokens.admin()).post(cancelPath("not-a-uuid")).then(),
        400,
        "run id must be a UUID");
    refused(
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .post(cancelPath("0190a0a0-0000-7000-8000-000000000000"))
            .then(),
        404,
        "no run");
    refused(cancel(runId, "{\"reason\": "), 400, "not valid JSON");
    refused(cancel(runId, "{\"reason\": \"a\"} trailing"), 400, "not valid JSON");
    refused(cancel(runId, "[\"reason\"]"), 400, "JSON object");
    refused(cancel(runId, "{\"reasn\": \"typo\"}"), 400, "unknown field 'reasn'");
    refused(cancel(runId, "{\"reason\": 5}"), 400, "non-blank string");
    refused(cancel(runId, "{\"reason\": null}"), 400, "non-blank string");
    refused(cancel(runId, "{\"reason\": \"  \"}"), 400, "non-blank string");
    refused(cancel(runId, "{\"reason\": \"a\", \"reason\": \"b\"}"), 400, "not valid JSON");
    refused(cancel(runId, "{\"reason\": \"a\\u0000b\"}"), 400, "control character");
    refused(cancel(runId, "{\"reason\": \"forged\\nINFO run=x\"}"), 400, "control character");
    refused(cancel(runId, reasonOf(501)), 400, "at most 500 characters");
    refused(cancel(runId, "{\"reason\": \"" + " ".repeat(9000) + "x\"}"), 400, "bytes");
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/json")
        .body(
            new byte[] {
              '{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xC3, '"', '}'
            })
        .post(cancelPath(runId))
        .then()
        .statusCode(400);
    assertThat(RunDriver.run(runId).getString("state")).isEqualTo("RUNNING");

    cancel(runId, reasonOf(500)).statusCode(202).body("cancelReason.length()", equalTo(500));
  }

  private static String reasonOf(int chars) {
    return "{\"reason\": \"" + "é".repeat(chars) + "\"}";
  }

  private static void refused(ValidatableResponse response, int status, String detail) {
    response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("detail", containsString(detail));
  }

  /** Waits for the one event of a type in the chain; fails if there are more. */
  private static <T extends EventData> EventEnvelope<T> awaitOne(String chain, Class<T> type) {
    return await()
        .atMost(PATIENCE)
        .until(() -> bus.chain(chain, type), list -> !list.isEmpty())
        .get(0);
  }

  /** Everything the orchestrator published about the run that the bus has seen. */
  private static List<EventEnvelope<EventData>> emittedAbout(String runId) {
    return bus.envelopes(
        EventData.class, e -> e.subject().equals(runId) && e.source().equals(ORCHESTRATOR));
  }

  /** Reports the attempt stopped, as trainer-launcher does after a step.cancel_requested. */
  private static EventEnvelope<StepFailed> sendCancelledFailure(
      EventEnvelope<?> cause, StepRequested request) {
    return driver.reportFailure(
        cause, request, FailureReason.CANCELLED, "cancelled: cancelled by user", false, null, "");
  }

  /** Waits until the orchestrator has applied the event (and committed what it emitted). */
  private void awaitApplied(EventEnvelope<?> event) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM sluice_applied_events"
                            + " WHERE consumer = ? AND event_id = ?",
                        RunSubscriptions.RUNS_CONSUMER,
                        event.id())
                    == 1);
  }

  /**
   * Waits until everything the orchestrator has committed about the run has reached the bus: its
   * outbox holds nothing more for the run, and a marker sent after that, on the run's key (so the
   * same partition), has come back.
   */
  private void awaitPublished(String runId, EventEnvelope<?> cause) {
    await()
        .atMost(PATIENCE)
        .until(() -> count("SELECT count(*) FROM sluice_outbox WHERE record_key = ?", runId) == 0);
    EventEnvelope<StepStarted> marker =
        EventEnvelope.causedBy(
            cause,
            "test",
            runId,
            new StepStarted(runId, "marker", 1, 0, "test", null, Instant.now()));
    bus.send(marker);
    await()
        .atMost(PATIENCE)
        .until(() -> bus.envelopes(StepStarted.class, e -> e.id().equals(marker.id())).size() == 1);
  }

  private long count(String sql, Object... args) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}

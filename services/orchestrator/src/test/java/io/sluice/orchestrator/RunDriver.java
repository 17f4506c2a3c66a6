package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.FileDigest;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepHeartbeat;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.events.StepStarted;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives runs through Kafka as ingest and trainer-launcher would (data.arrived, step.done,
 * step.failed), and reads what the orchestrator requests and shows over REST.
 */
final class RunDriver {

  static {
    // RestAssured sends YAML bodies as text only when told to.
    RestAssured.config =
        RestAssured.config()
            .encoderConfig(
                EncoderConfig.encoderConfig()
                    .encodeContentTypeAs("application/yaml", ContentType.TEXT)
                    .encodeContentTypeAs("text/yaml", ContentType.TEXT));
  }

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final TestEventBus bus;

  RunDriver(TestEventBus bus) {
    this.bus = bus;
  }

  /** A name no other test uses, for pipelines and datasets. */
  static String unique(String prefix) {
    return prefix + "-" + IrisDrops.randomSha256().substring(0, 10);
  }

  /** Registers a new pipeline version. */
  static void register(String yaml) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/yaml")
        .body(yaml)
        .post("/api/v1/pipelines")
        .then()
        .statusCode(201);
  }

  /** Announces a new version of {@code dataset}, as ingest would. */
  EventEnvelope<DataArrived> arrive(String dataset) {
    EventEnvelope<DataArrived> event =
        EventEnvelope.first("ingest", dataset, null, IrisDrops.dataArrived(dataset));
    bus.send(event);
    return event;
  }

  List<StepRequested> requested(String correlation) {
    return bus.chain(correlation, StepRequested.class).stream().map(EventEnvelope::data).toList();
  }

  StepRequested awaitRequest(String correlation, String step, int attempt) {
    return awaitRequestEvent(correlation, step, attempt).data();
  }

  EventEnvelope<StepRequested> awaitRequestEvent(String correlation, String step, int attempt) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                bus.chain(correlation, StepRequested.class).stream()
                    .filter(e -> e.data().stepName().equals(step) && e.data().attempt() == attempt)
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  /** Reports the attempt's command started at {@code at} on a test node. */
  void started(EventEnvelope<?> cause, StepRequested request, Instant at) {
    StepStarted started =
        new StepStarted(
            request.runId(), request.stepName(), request.attempt(), 0, "kubernetes", "node-1", at);
    bus.send(EventEnvelope.causedBy(cause, "trainer-launcher", request.runId(), started));
  }

  /** Sends the executor's heartbeat for the attempt; returns the event sent. */
  EventEnvelope<StepHeartbeat> heartbeat(
      EventEnvelope<?> cause, StepRequested request, String owner, Instant sentAt, int lease) {
    StepHeartbeat beat =
        new StepHeartbeat(
            request.runId(),
            request.stepName(),
            request.attempt(),
            0,
            "kubernetes",
            owner,
            sentAt,
            lease);
    EventEnvelope<StepHeartbeat> event =
        EventEnvelope.causedBy(cause, "trainer-launcher", request.runId(), beat);
    bus.send(event);
    return event;
  }

  /** Reports the attempt done, with one file per output; returns the event sent. */
  EventEnvelope<StepDone> done(
      EventEnvelope<?> cause, StepRequested request, Map<String, Double> metrics) {
    List<StepOutput> outputs =
        request.outputs().stream()
            .map(
                target ->
                    StepOutput.of(
                        target.name(),
                        target.uri(),
                        List.of(new FileDigest("model.onnx", 100, IrisDrops.randomSha256()))))
            .toList();
    Instant now = Instant.now();
    StepDone done =
        new StepDone(
            request.runId(),
            request.stepName(),
            request.attempt(),
            0,
            outputs,
            metrics,
            0,
            null,
            now.minusSeconds(1),
            now,
            "local",
            "test-host");
    EventEnvelope<StepDone> event =
        EventEnvelope.causedBy(cause, "trainer-launcher", request.runId(), done);
    bus.send(event);
    return event;
  }

  /**
   * Reports the attempt failed with exit code 1 (one the default retry policy retries); returns the
   * event sent.
   */
  EventEnvelope<StepFailed> fail(EventEnvelope<?> cause, StepRequested request, boolean retryable) {
    return failWithExitCode(cause, request, retryable, 1);
  }

  /** Reports the attempt failed with {@code exitCode}; returns the event sent. */
  EventEnvelope<StepFailed> failWithExitCode(
      EventEnvelope<?> cause, StepRequested request, boolean retryable, int exitCode) {
    return reportFailure(
        cause,
        request,
        FailureReason.NONZERO_EXIT,
        "exit code " + exitCode,
        retryable,
        exitCode,
        "boom");
  }

  /** Reports the attempt failed as trainer-launcher would; returns the event sent. */
  EventEnvelope<StepFailed> reportFailure(
      EventEnvelope<?> cause,
      StepRequested request,
      FailureReason reason,
      String message,
      boolean retryable,
      Integer exitCode,
      String logTail) {
    Instant now = Instant.now();
    StepFailed failed =
        new StepFailed(
            request.runId(),
            request.stepName(),
            request.attempt(),
            0,
            reason,
            message,
            retryable,
            exitCode,
            logTail,
            now.minusSeconds(1),
            now);
    EventEnvelope<StepFailed> event =
        EventEnvelope.causedBy(cause, "trainer-launcher", request.runId(), failed);
    bus.send(event);
    return event;
  }

  /** The run as {@code GET /api/v1/runs/{id}} shows it. */
  static JsonPath run(String runId) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + runId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Waits until the run shows {@code step} in {@code state}; returns the run as then shown. */
  static JsonPath awaitStepState(String runId, String step, String state) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> run(runId),
            run -> state.equals(run.getString("steps.find { it.name == '" + step + "' }.state")));
  }
}

package io.sluice.launcher;

import static io.sluice.launcher.TestDigests.folderSha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.OutputTarget;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepInput;
import io.sluice.events.StepRequested;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local executor driven through Kafka and S3, as the orchestrator and steps would. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class LocalExecutionIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static TestEventBus bus;

  @Inject StorageClient storage;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("trainer-launcher", Topics.RUNS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  private static String newRun() {
    return "run-" + StepRequests.randomSha256().substring(0, 16);
  }

  private static EventEnvelope<StepRequested> request(StepRequests request) throws Exception {
    EventEnvelope<StepRequested> event =
        EventEnvelope.first("orchestrator", request.runId(), null, request.build());
    bus.send(event);
    return event;
  }

  private static <T extends EventData> T awaitOne(String runId, String step, Class<T> type) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                bus.envelopes(runId, type).stream()
                    .map(EventEnvelope::data)
                    .filter(data -> stepOf(data).equals(step))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  private static String stepOf(EventData data) {
    if (data instanceof StepStarted started) {
      return started.stepName();
    }
    if (data instanceof StepDone done) {
      return done.stepName();
    }
    return data instanceof StepFailed failed ? failed.stepName() : "";
  }

  private static StepDone awaitDone(String runId, String step) {
    return awaitOne(runId, step, StepDone.class);
  }

  private static StepFailed awaitFailed(String runId, String step) {
    return awaitOne(runId, step, StepFailed.class);
  }

  private static StepStarted awaitStarted(String runId, String step) {
    return awaitOne(runId, step, StepStarted.class);
  }

  private static long count(String runId, String step, Class<? extends EventData> type) {
    return bus.envelopes(runId, type).stream().filter(e -> stepOf(e.data()).equals(step)).count();
  }

  /** A later request on the same run (same partition) that, once done, proves earlier ones ran. */
  private static void sendSentinelAndAwait(String runId) throws Exception {
    request(StepRequests.shell(runId, "sentinel", "true"));
    awaitDone(runId, "sentinel");
  }

  private String putInput(String prefix, String name, String content) {
    TestObjects.put(storage, "datasets", prefix + name, content);
    return prefix;
  }

  @Test
  void stagesInputRunsCommandUploadsOutputAndReportsMetrics() throws Exception {
    String run = newRun();
    String prefix = putInput("it-" + run + "/drop/", "input.txt", "hello iris\n");
    String outputUri = "s3://artifacts/runs/" + run + "/train/1/result/";
    String script =
        "tr a-z A-Z < \"$SLUICE_INPUT_DATA/input.txt\" > {{outputs.result}}/out.txt"
            + " && printf '{\"accuracy\": 0.93, \"rows\": 150}' > \"$SLUICE_METRICS_FILE\"";
    StepRequests step =
        StepRequests.shell(run, "train", script)
            .inputs(
                List.of(
                    new StepInput(
                        "data", "s3://datasets/" + prefix, folderSha("input.txt", "hello iris\n"))))
            .outputs(List.of(new OutputTarget("result", outputUri)));
    EventEnvelope<StepRequested> sent = request(step);

    StepDone done = awaitDone(run, "train");
    StepStarted started = awaitStarted(run, "train");
    assertThat(started.executor()).isEqualTo("local");
    assertThat(started.node()).isNotBlank();
    assertThat(done.exitCode()).isZero();
    assertThat(done.metrics()).containsEntry("accuracy", 0.93).containsEntry("rows", 150.0);
    assertThat(done.output("result"))
        .hasValueSatisfying(
            out -> {
              assertThat(out.uri()).isEqualTo(outputUri);
              assertThat(out.files())
                  .singleElement()
                  .satisfies(f -> assertThat(f.path()).isEqualTo("out.txt"));
            });
    assertThat(done.output("result").orElseThrow().sha256())
        .isEqualTo(folderSha("out.txt", "HELLO IRIS\n"));
    assertThat(TestObjects.read(storage, "artifacts", "runs/" + run + "/train/1/result/out.txt"))
        .isEqualTo("HELLO IRIS\n");
    // The step printed nothing: its (empty) log is kept beside its outputs all the same.
    assertThat(TestObjects.read(storage, "artifacts", "runs/" + run + "/train/1/_logs/step.log"))
        .isEmpty();
    EventEnvelope<StepDone> doneEvent = bus.envelopes(run, StepDone.class).get(0);
    assertThat(doneEvent.correlationId()).isEqualTo(sent.correlationId());
    assertThat(doneEvent.causationId()).isEqualTo(sent.id());
  }

  @Test
  void nonZeroExitReportsFailureWithRedactedLogTail() throws Exception {
    String run = newRun();
    request(
        StepRequests.shell(run, "train", "echo \"calling with $API_TOKEN\"; echo boom >&2; exit 3")
            .env(Map.of("API_TOKEN", "tok-very-secret-1234")));

    StepFailed failed = awaitFailed(run, "train");

    assertThat(TestObjects.read(storage, "artifacts", "runs/" + run + "/train/1/_logs/step.log"))
        .isEqualTo("calling with ***\nboom\n");
    assertThat(failed.reason()).isEqualTo(FailureReason.NONZERO_EXIT);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.logTail())
        .contains("boom")
        .contains("calling with ***")
        .doesNotContain("tok-very-secret-1234");
  }

  @Test
  void commandPastItsTimeoutIsStoppedAsDeadlineExceeded() throws Exception {
    String run = newRun();
    request(StepRequests.shell(run, "train", "sleep 120").timeoutSeconds(1));

    StepFailed failed = awaitFailed(run, "train");

    assertThat(failed.reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.exitCode()).isNull();
  }

  @Test
  void redeliveredAndRepeatedRequestsRunTheStepOnce() throws Exception {
    String run = newRun();
    StepRequests step = StepRequests.shell(run, "train", "true");
    EventEnvelope<StepRequested> first = request(step);
    bus.send(first); // the same record again, as a redelivery
    request(step); // the same attempt under a new event id

    awaitDone(run, "train");
    sendSentinelAndAwait(run);

    assertThat(count(run, "train", StepStarted.class)).isEqualTo(1);
    assertThat(count(run, "train", StepDone.class)).isEqualTo(1);
  }

  @Test
  void cancelStopsARunningStep() throws Exception {
    String run = newRun();
    EventEnvelope<StepRequested> sent = request(StepRequests.shell(run, "train", "sleep 120"));
    awaitStarted(run, "train");

    bus.send(
        EventEnvelope.causedBy(
            sent,
            "orchestrator",
            run,
            new StepCancelRequested(run, "train", 1, 0, "run cancelled")));

    StepFailed failed = awaitFailed(run, "train");
    assertThat(failed.reason()).isEqualTo(FailureReason.CANCELLED);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("run cancelled");
  }

  @Test
  void cancelBeforeTheRequestAnswersAndTheLateRequestNeverRuns() throws Exception {
    String run = newRun();
    bus.send(
        EventEnvelope.first(
            "orchestrator", run, null, new StepCancelRequested(run, "train", 1, 0, "too late")));
    request(StepRequests.shell(run, "train", "true"));

    assertThat(awaitFailed(run, "train").reason()).isEqualTo(FailureReason.CANCELLED);
    sendSentinelAndAwait(run);
    assertThat(count(run, "train", StepStarted.class)).isZero();
    assertThat(count(run, "train", StepDone.class)).isZero();
  }

  @Test
  void inputWithWrongHashFailsAsInputMissingWithoutRunning() throws Exception {
    String run = newRun();
    String prefix = putInput("it-" + run + "/drop/", "input.txt", "tampered\n");
    request(
        StepRequests.shell(run, "train", "echo ran")
            .inputs(
                List.of(
                    new StepInput(
                        "data", "s3://datasets/" + prefix, folderSha("input.txt", "original\n")))));

    StepFailed failed = awaitFailed(run, "train");

    assertThat(failed.reason()).isEqualTo(FailureReason.INPUT_MISSING);
    assertThat(failed.message()).contains("sha256");
    assertThat(failed.logTail()).doesNotContain("ran");
  }

  @Test
  void invalidMetricsFileFailsTheStepWithAClearReason() throws Exception {
    String run = newRun();
    request(
        StepRequests.shell(
            run, "train", "printf '{\"accuracy\": \"high\"}' > \"$SLUICE_METRICS_FILE\""));

    StepFailed failed = awaitFailed(run, "train");

    assertThat(failed.message()).contains("invalid metrics file").contains("accuracy");
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void unknownPlaceholderFailsAsInvalidRequest() throws Exception {
    String run = newRun();
    request(StepRequests.shell(run, "train", "cat {{inputs.nothing}}"));

    StepFailed failed = awaitFailed(run, "train");

    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void malformedRequestIsDeadLetteredAndConsumptionContinues() throws Exception {
    String run = newRun();
    EventEnvelope<StepRequested> valid =
        EventEnvelope.first(
            "orchestrator", run, null, StepRequests.shell(run, "x", "true").build());
    Map<String, String> headers = EventCodec.headers(valid);
    bus.send(
        valid.topic(),
        run,
        headers,
        "{\"runId\": 42, \"argv\": [".getBytes(StandardCharsets.UTF_8));

    await().atMost(PATIENCE).until(() -> !bus.deadLetters(run).isEmpty());
    sendSentinelAndAwait(run);
  }

  @Test
  void outputsTooManyToListFailTheStepAtOnceAndLaterEventsStillFlow() throws Exception {
    String run = newRun();
    String outputUri = "s3://artifacts/runs/" + run + "/shards/1/parts/";
    // 1,200 files with 120-character names: their digests alone pass the 256 KiB test limit.
    String script =
        "i=0; while [ $i -lt 1200 ]; do"
            + " printf x > {{outputs.parts}}/$(printf 'part-%0115d' $i).bin; i=$((i+1)); done";
    request(
        StepRequests.shell(run, "shards", script)
            .outputs(List.of(new OutputTarget("parts", outputUri))));

    StepFailed failed = awaitFailed(run, "shards");

    assertThat(failed.reason()).isEqualTo(FailureReason.OUTPUT_UPLOAD_FAILED);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("1200 files").contains("fewer, larger files");
    assertThat(count(run, "shards", StepDone.class)).isZero();
    sendSentinelAndAwait(run);
  }
}

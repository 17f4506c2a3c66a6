package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.DataArrived;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.RunFailed;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.orchestrator.run.RunSubscriptions;
import io.sluice.orchestrator.run.Watchdog;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's own watch over attempts, driven through Kafka and read over REST: heartbeats
 * keep an attempt's lease, an attempt nobody reports on is declared lost and retried or fails its
 * run, deadlines of attempts and runs are enforced without the executor, and a failing run stops
 * its other attempts. Test settings: the watchdog looks every 500 ms, with 1 s of grace.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class WatchdogIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject DataSource dataSource;
  @Inject Watchdog watchdog;

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
   * A pipeline whose {@code train} (with {@code trainExtras} added to it) and {@code lint} read the
   * dataset, and whose {@code evaluate} reads train's model. Returns the dataset.
   */
  private static String register(String pipelineExtras, String trainExtras) {
    String name = RunDriver.unique("watch");
    RunDriver.register(
        """
        name: %s
        trigger: {dataset: %s}
        %s
        steps:
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}", "{{outputs.model}}"]
            inputs: {data: dataset}
            outputs: [model]
            %s
          - name: lint
            image: img:1
            command: [lint, "{{inputs.data}}"]
            inputs: {data: dataset}
          - name: evaluate
            image: img:1
            command: [evaluate, "{{inputs.model}}"]
            inputs: {model: train.model}
        """
            .formatted(name, name, pipelineExtras, trainExtras.replace("\n", "\n    ")));
    return name;
  }

  @Test
  void heartbeatsExtendOnlyTheCurrentAttemptsLeaseAndNeverMoveItBack() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("", "retries: 1"));
    StepRequested train = driver.awaitRequest(arrived.correlationId(), "train", 1);
    Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    awaitApplied(driver.heartbeat(arrived, train, "launcher-a", sentAt, 600));
    JsonPath shown = RunDriver.run(train.runId());
    assertThat(Instant.parse(shown.getString("steps[0].leaseEndsAt")))
        .isEqualTo(sentAt.plusSeconds(600));
    assertThat(shown.getString("steps[0].leaseOwner")).isEqualTo("launcher-a");

    // Redelivered out of order, and one for an attempt that was never requested.
    awaitApplied(driver.heartbeat(arrived, train, "launcher-b", sentAt.minusSeconds(300), 600));
    awaitApplied(driver.heartbeat(arrived, withAttempt(train, 5), "launcher-c", sentAt, 3600));

    shown = RunDriver.run(train.runId());
    assertThat(Instant.parse(shown.getString("steps[0].leaseEndsAt")))
        .isEqualTo(sentAt.plusSeconds(600));
    assertThat(shown.getString("steps[0].leaseOwner")).isEqualTo("launcher-a");
    assertThat(shown.getString("steps[1].leaseEndsAt")).as("lint sent none").isNull();
  }

  @Test
  void anAttemptWhoseLeaseEndsUnheardIsAskedToStopAndRetriedAndItsLateDoneIsIgnored() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("", "retries: 1"));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.heartbeat(arrived, train, "launcher-a", Instant.now(), 1);

    EventEnvelope<StepCancelRequested> stop = awaitStop(chain, "train", 1);
    assertThat(stop.data().reason()).startsWith("EXECUTOR_LOST: no heartbeat since");
    assertThat(stop.causationId()).isNull();
    EventEnvelope<StepRequested> retry = driver.awaitRequestEvent(chain, "train", 2);
    assertThat(retry.causationId()).isEqualTo(stop.id());

    // The lost attempt was only cut off from the orchestrator: its outcome comes after all.
    awaitApplied(driver.done(arrived, train, Map.of()));
    JsonPath shown = RunDriver.run(train.runId());
    assertThat(shown.getString("state")).isEqualTo("RUNNING");
    assertThat(shown.getString("steps[0].state")).isEqualTo("REQUESTED");
    assertThat(shown.getInt("steps[0].attempt")).isEqualTo(2);
    assertThat(shown.getString("steps[0].lastError")).startsWith("EXECUTOR_LOST");
    assertThat(driver.requested(chain)).noneMatch(r -> r.stepName().equals("evaluate"));
  }

  @Test
  void aLostAttemptWithNoRetriesLeftFailsTheRunAndItsLateDoneChangesNothing() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("", "retries: 0"));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    StepRequested lint = driver.awaitRequest(chain, "lint", 1);
    driver.heartbeat(arrived, lint, "launcher-a", Instant.now(), 600);
    driver.heartbeat(arrived, train, "launcher-a", Instant.now(), 1);

    EventEnvelope<RunFailed> failed = awaitOne(chain, RunFailed.class);
    assertThat(failed.data().reason()).isEqualTo(FailureReason.EXECUTOR_LOST);
    assertThat(failed.data().failedStep()).isEqualTo("train");
    assertThat(awaitStop(chain, "train", 1).causationId()).isNull();
    assertThat(awaitStop(chain, "lint", 1).causationId()).isEqualTo(failed.id());

    awaitApplied(driver.done(arrived, train, Map.of()));
    awaitApplied(driver.done(arrived, lint, Map.of()));
    assertThat(bus.chain(chain, RunSucceeded.class)).isEmpty();
    JsonPath shown = RunDriver.run(train.runId());
    assertThat(shown.getString("state")).isEqualTo("FAILED");
    assertThat(shown.getList("steps.state")).containsExactly("FAILED", "CANCELLED", "PENDING");
    assertThat(shown.getList("steps[0].outputs")).isEmpty();
  }

  @Test
  void aRunFailingAtOneStepAsksItsOtherRequestedAttemptsToStop() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("", "retries: 0"));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.fail(arrived, driver.awaitRequest(chain, "lint", 1), false);

    EventEnvelope<RunFailed> failed = awaitOne(chain, RunFailed.class);
    assertThat(failed.data().failedStep()).isEqualTo("lint");
    EventEnvelope<StepCancelRequested> stop = awaitStop(chain, "train", 1);
    assertThat(stop.causationId()).isEqualTo(failed.id());
    assertThat(stop.data().reason()).startsWith("the run failed: NONZERO_EXIT");
    awaitPublished(train.runId());
    assertThat(bus.chain(chain, StepCancelRequested.class)).hasSize(1);
    JsonPath shown = RunDriver.run(train.runId());
    assertThat(shown.getList("steps.state")).containsExactly("CANCELLED", "FAILED", "PENDING");
  }

  @Test
  void aStartedAttemptPastItsTimeoutFailsWithDeadlineExceededEvenWhileItsLeaseHolds() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("", "retries: 2\ntimeout: 2s"));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.started(arrived, train, Instant.now());
    driver.heartbeat(arrived, train, "launcher-a", Instant.now(), 600);

    EventEnvelope<RunFailed> failed = awaitOne(chain, RunFailed.class);
    assertThat(failed.data().reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);
    assertThat(failed.data().failedStep()).isEqualTo("train");
    assertThat(failed.data().message()).contains("2 s after it started", "(not retryable)");
    assertThat(awaitStop(chain, "train", 1).data().reason()).startsWith("DEADLINE_EXCEEDED");
    assertThat(driver.requested(chain)).noneMatch(r -> r.attempt() > 1);
  }

  @Test
  void anAttemptNotStartedByItsRequestedDeadlineFails() throws Exception {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("", "retries: 0"));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    assertThat(Instant.parse(RunDriver.run(train.runId()).getString("steps[0].deadline")))
        .isCloseTo(train.deadline(), within(1, ChronoUnit.MICROS));
    // Queue allowance (1h) plus timeout is too long to wait for: the deadline is moved instead.
    moveDeadline(train.runId(), "train", Instant.now().minusSeconds(5));

    EventEnvelope<RunFailed> failed = awaitOne(chain, RunFailed.class);
    assertThat(failed.data().reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);
    assertThat(failed.data().message()).contains("not started by its deadline");
    awaitStop(chain, "train", 1);
    awaitStop(chain, "lint", 1);
  }

  @Test
  void aRunPastItsTimeoutFailsAndStopsItsAttempts() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("timeout: 2s", "retries: 3"));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.awaitRequest(chain, "lint", 1);
    assertThat(RunDriver.run(train.runId()).getString("deadline")).isNotNull();

    EventEnvelope<RunFailed> failed = awaitOne(chain, RunFailed.class);
    assertThat(failed.data().reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);
    assertThat(failed.data().failedStep()).isNull();
    assertThat(failed.data().message()).contains("passed its deadline");
    assertThat(awaitStop(chain, "train", 1).causationId()).isEqualTo(failed.id());
    assertThat(awaitStop(chain, "lint", 1).causationId()).isEqualTo(failed.id());
    assertThat(RunDriver.run(train.runId()).getString("state")).isEqualTo("FAILED");
  }

  @Test
  void gaugesShowAttemptsNobodyHearsFromAndRunsPastDeadlineUntilTheyAreJudged() {
    watchdog.stop();
    String runId;
    String chain;
    try {
      EventEnvelope<DataArrived> arrived = driver.arrive(register("timeout: 1s", "retries: 0"));
      chain = arrived.correlationId();
      StepRequested train = driver.awaitRequest(chain, "train", 1);
      runId = train.runId();
      driver.awaitRequest(chain, "lint", 1);
      awaitApplied(driver.heartbeat(arrived, train, "launcher-a", Instant.now(), 1));

      // Lint never gets a heartbeat (silent after 3 s in tests); train's lease ends after 1 s.
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                watchdog.refreshGauges();
                assertThat(gauge("sluice_orchestrator_attempts_without_heartbeat", "lease_expired"))
                    .isPositive();
                assertThat(
                        gauge(
                            "sluice_orchestrator_attempts_without_heartbeat", "never_heartbeated"))
                    .isPositive();
                assertThat(gauge("sluice_orchestrator_runs_past_deadline", null)).isPositive();
              });
      assertThat(RunDriver.run(runId).getString("state")).isEqualTo("RUNNING");
    } finally {
      watchdog.start();
    }
    awaitOne(chain, RunFailed.class);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(gauge("sluice_orchestrator_runs_past_deadline", null)).isZero());
    assertThat(gauge("sluice_orchestrator_watchdog_judged_total", "run")).isPositive();
  }

  private static StepRequested withAttempt(StepRequested request, int attempt) {
    return new StepRequested(
        request.runId(),
        request.stepName(),
        attempt,
        0,
        request.image(),
        null,
        request.argv(),
        request.env(),
        request.inputs(),
        request.outputs(),
        request.resources(),
        request.deadline(),
        request.timeoutSeconds(),
        request.retryPolicy(),
        request.cacheKey(),
        List.of());
  }

  private static EventEnvelope<StepCancelRequested> awaitStop(
      String chain, String step, int attempt) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                bus.chain(chain, StepCancelRequested.class).stream()
                    .filter(e -> e.data().stepName().equals(step))
                    .filter(e -> e.data().attempt() == attempt)
                    .toList(),
            list -> !list.isEmpty())
        .get(0);
  }

  private static <T extends EventData> EventEnvelope<T> awaitOne(String chain, Class<T> type) {
    List<EventEnvelope<T>> events =
        await().atMost(PATIENCE).until(() -> bus.chain(chain, type), list -> !list.isEmpty());
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  /** The sum of a gauge's (or counter's) samples whose labels hold {@code label}, if given. */
  private static double gauge(String name, String label) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> label == null || line.contains("\"" + label + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Waits until the orchestrator has applied the event. */
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

  /** Waits until the orchestrator's outbox holds nothing more about the run. */
  private void awaitPublished(String runId) {
    await()
        .atMost(PATIENCE)
        .until(() -> count("SELECT count(*) FROM sluice_outbox WHERE record_key = ?", runId) == 0);
  }

  private void moveDeadline(String runId, String step, Instant deadline) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE run_steps SET deadline_at = ? WHERE run_id = ? AND step_name = ?")) {
      update.setTimestamp(1, Timestamp.from(deadline));
      update.setObject(2, UUID.fromString(runId));
      update.setString(3, step);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
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

package io.sluice.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RetryPolicy;
import io.sluice.events.RunFailed;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepFailed;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.orchestrator.run.DueRetries;
import io.sluice.orchestrator.run.RetryScheduler;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retries with a backoff wait on durable timers: the step shows when it will be retried, the next
 * attempt is requested only then and only once, also after a restart of the scheduler, and a run
 * that ends meanwhile is never retried.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RetryBackoffIT {

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject RetryScheduler scheduler;
  @Inject DueRetries dueRetries;
  @Inject DataSource dataSource;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  /**
   * Registers a pipeline of two steps reading the dataset: {@code train} retries twice with the
   * given backoff, {@code lint} never retries. Returns the dataset name.
   */
  private static String register(String backoff) {
    String name = RunDriver.unique("backoff");
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
            retryBackoff: %s
          - name: lint
            image: img:1
            command: [lint, "{{inputs.data}}"]
            inputs: {data: dataset}
        """
            .formatted(name, name, backoff));
    return name;
  }

  @Test
  void aRetryableFailureIsRequestedAgainOnlyAfterItsBackoff() {
    EventEnvelope<DataArrived> arrived =
        driver.arrive(register("{initial: 6s, factor: 3, max: 1m}"));
    String chain = arrived.correlationId();
    StepRequested first = driver.awaitRequest(chain, "train", 1);
    assertThat(first.retryPolicy()).isEqualTo(new RetryPolicy(3, 6, 3.0, 60));

    EventEnvelope<StepFailed> failure = driver.fail(arrived, first, true);
    JsonPath waiting = RunDriver.awaitStepState(first.runId(), "train", "WAITING_FOR_RETRY");
    Instant retryAt = Instant.parse(waiting.getString("steps[0].retryAt"));
    assertThat(retryAt).isAfterOrEqualTo(failure.data().finishedAt().plusSeconds(6));
    assertThat(waiting.getInt("steps[0].attempt")).isEqualTo(1);
    assertThat(waiting.getString("steps[0].lastError")).contains("exit code 1");
    assertThat(driver.requested(chain)).noneMatch(r -> r.attempt() == 2);

    EventEnvelope<StepRequested> second = driver.awaitRequestEvent(chain, "train", 2);
    assertThat(second.time()).isAfterOrEqualTo(retryAt);
    assertThat(second.causationId()).isEqualTo(failure.id());
    assertThat(second.data().outputs().get(0).uri()).contains("/train/2/");
    JsonPath requested = RunDriver.awaitStepState(first.runId(), "train", "REQUESTED");
    assertThat(requested.getInt("steps[0].attempt")).isEqualTo(2);
    assertThat(requested.getString("steps[0].retryAt")).isNull();
    assertThat(driver.requested(chain)).filteredOn(r -> r.attempt() == 2).hasSize(1);
  }

  @Test
  void aTimerRecordedWhileTheSchedulerIsStoppedFiresWhenItStartsAgain() {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("{initial: 1s}"));
    String chain = arrived.correlationId();
    StepRequested first = driver.awaitRequest(chain, "train", 1);
    scheduler.stop();
    try {
      driver.fail(arrived, first, true);
      JsonPath waiting = RunDriver.awaitStepState(first.runId(), "train", "WAITING_FOR_RETRY");
      Instant retryAt = Instant.parse(waiting.getString("steps[0].retryAt"));
      await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(retryAt));
      // Due, but only the timer in the database knows it: nothing fires it while stopped.
      assertThat(RunDriver.run(first.runId()).getString("steps[0].state"))
          .isEqualTo("WAITING_FOR_RETRY");
    } finally {
      scheduler.start();
    }
    assertThat(driver.awaitRequest(chain, "train", 2).runId()).isEqualTo(first.runId());
  }

  @Test
  void aRunWhoseRetryCannotBeRequestedIsPostponedWithoutHoldingUpOtherRuns() throws Exception {
    EventEnvelope<DataArrived> brokenArrival = driver.arrive(register("{initial: 1s}"));
    EventEnvelope<DataArrived> healthyArrival = driver.arrive(register("{initial: 1s}"));
    StepRequested broken = driver.awaitRequest(brokenArrival.correlationId(), "train", 1);
    StepRequested healthy = driver.awaitRequest(healthyArrival.correlationId(), "train", 1);
    scheduler.stop();
    try {
      driver.fail(brokenArrival, broken, true);
      RunDriver.awaitStepState(broken.runId(), "train", "WAITING_FOR_RETRY");
      // The stored cause no longer reads: firing this run's timer fails for this run alone.
      execute(
          "UPDATE run_steps SET retry_cause = '\"not a cause\"'::jsonb,"
              + " retry_at = now() - interval '1 minute'"
              + " WHERE state = 'WAITING_FOR_RETRY' AND run_id = '"
              + broken.runId()
              + "'");
      driver.fail(healthyArrival, healthy, true);
      RunDriver.awaitStepState(healthy.runId(), "train", "WAITING_FOR_RETRY");
    } finally {
      scheduler.start();
    }

    assertThat(driver.awaitRequest(healthyArrival.correlationId(), "train", 2).runId())
        .isEqualTo(healthy.runId());
    JsonPath postponed = RunDriver.run(broken.runId());
    assertThat(postponed.getString("steps[0].state")).isEqualTo("WAITING_FOR_RETRY");
    assertThat(Instant.parse(postponed.getString("steps[0].retryAt"))).isAfter(Instant.now());
    assertThat(driver.requested(brokenArrival.correlationId())).noneMatch(r -> r.attempt() == 2);
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void aRunThatEndsWhileAStepWaitsNeverGetsTheRetry() {
    String dataset = register("{initial: 1s}");
    EventEnvelope<DataArrived> arrived = driver.arrive(dataset);
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    StepRequested lint = driver.awaitRequest(chain, "lint", 1);
    EventEnvelope<DataArrived> later;
    // Stopped, so the timer cannot fire before the run has ended, however slow the machine is.
    scheduler.stop();
    try {
      driver.fail(arrived, train, true);
      RunDriver.awaitStepState(train.runId(), "train", "WAITING_FOR_RETRY");
      driver.fail(arrived, lint, false);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !bus.chain(chain, RunFailed.class).isEmpty());
      JsonPath ended = RunDriver.run(train.runId());
      assertThat(ended.getString("state")).isEqualTo("FAILED");
      assertThat(ended.getString("steps[0].state")).isEqualTo("FAILED");
      assertThat(ended.getString("steps[0].retryAt")).isNull();
      assertThat(ended.getString("steps[0].lastError")).contains("not retried: the run ended");
      // A later run's timer, due after the ended run's would have been: once the scheduler has
      // fired it, it has looked past the ended run's due time.
      later = driver.arrive(dataset);
      StepRequested laterTrain = driver.awaitRequest(later.correlationId(), "train", 1);
      driver.fail(later, laterTrain, true);
      JsonPath waiting = RunDriver.awaitStepState(laterTrain.runId(), "train", "WAITING_FOR_RETRY");
      Instant retryAt = Instant.parse(waiting.getString("steps[0].retryAt"));
      await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(retryAt));
    } finally {
      scheduler.start();
    }
    driver.awaitRequest(later.correlationId(), "train", 2);

    assertThat(driver.requested(chain)).noneMatch(r -> r.attempt() == 2);
    assertThat(RunDriver.run(train.runId()).getInt("steps[0].attempt")).isEqualTo(1);
  }

  @Test
  void replicasFiringTheSameDueTimerAtOnceRequestTheRetryOnce() throws Exception {
    EventEnvelope<DataArrived> arrived = driver.arrive(register("{initial: 1s}"));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.done(arrived, driver.awaitRequest(chain, "lint", 1), Map.of());
    scheduler.stop();
    try {
      driver.fail(arrived, train, true);
      JsonPath waiting = RunDriver.awaitStepState(train.runId(), "train", "WAITING_FOR_RETRY");
      Instant retryAt = Instant.parse(waiting.getString("steps[0].retryAt"));
      await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(retryAt));
      fireAtOnce(4);
    } finally {
      scheduler.start();
    }
    driver.done(arrived, driver.awaitRequest(chain, "train", 2), Map.of());
    // run.succeeded has the run's key, so it arrives after any second request of the run would.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !bus.chain(chain, RunSucceeded.class).isEmpty());
    assertThat(driver.requested(chain)).filteredOn(r -> r.attempt() == 2).hasSize(1);
  }

  /** Runs {@link DueRetries#fire()} on {@code threads} threads released together. */
  private void fireAtOnce(int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> firing = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        firing.add(
            pool.submit(
                () -> {
                  start.await();
                  return dueRetries.fire();
                }));
      }
      start.countDown();
      for (Future<?> done : firing) {
        done.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

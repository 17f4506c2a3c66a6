package io.sluice.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelCandidate;
import io.sluice.events.RunFailed;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepRequested;
import io.sluice.events.StepSkipped;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code when:} over real Kafka and Postgres: a condition taken runs its step, one not taken skips
 * the step and its dependents and the run succeeds without its candidate; and retries by failure
 * kind: a usage error is not retried, a failure listed in {@code retryOn} is.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ConditionsAndRetryOnIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static TestEventBus bus;
  private static RunDriver driver;

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
   * evaluate (metrics only) -> train (when accuracy >= baseline) -> package (reads train); the
   * model is train's. Returns the dataset name.
   */
  private static String registerConditional() {
    String name = RunDriver.unique("when");
    RunDriver.register(
        """
        name: %s
        trigger: {dataset: %s}
        params: {baseline: "0.9"}
        steps:
          - name: evaluate
            image: img:1
            command: [evaluate, "{{inputs.data}}"]
            inputs: {data: dataset}
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}", "{{outputs.model}}"]
            inputs: {data: dataset}
            outputs: [model]
            when: "evaluate.metrics.accuracy >= params.baseline"
          - name: package
            image: img:1
            command: [package, "{{inputs.model}}"]
            inputs: {model: train.model}
        model:
          name: %s
          artifact: train.model
          metrics: train
        """
            .formatted(name, name, name));
    return name;
  }

  @Test
  void aConditionTakenRunsTheStepAndItsDependents() {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerConditional());
    String chain = arrived.correlationId();
    StepRequested evaluate = driver.awaitRequest(chain, "evaluate", 1);
    assertThat(driver.requested(chain))
        .extracting(StepRequested::stepName)
        .containsOnly("evaluate");

    driver.done(arrived, evaluate, Map.of("accuracy", 0.95));
    StepRequested train = driver.awaitRequest(chain, "train", 1);
    driver.done(arrived, train, Map.of("accuracy", 0.95));
    driver.done(arrived, driver.awaitRequest(chain, "package", 1), Map.of());

    await().atMost(PATIENCE).until(() -> !bus.chain(chain, ModelCandidate.class).isEmpty());
    assertThat(bus.chain(chain, StepSkipped.class)).isEmpty();
    assertThat(bus.chain(chain, RunSucceeded.class).get(0).data().noCandidate()).isNull();
  }

  @Test
  void aConditionNotTakenSkipsTheStepAndItsDependentsAndTheRunSucceedsWithoutItsCandidate() {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerConditional());
    String chain = arrived.correlationId();
    StepRequested evaluate = driver.awaitRequest(chain, "evaluate", 1);

    driver.done(arrived, evaluate, Map.of("accuracy", 0.81));

    RunSucceeded succeeded =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(chain, RunSucceeded.class), events -> !events.isEmpty())
            .get(0)
            .data();
    assertThat(bus.chain(chain, StepSkipped.class))
        .extracting(e -> e.data().stepName() + ": " + e.data().reason())
        .containsExactly(
            "train: when: evaluate.metrics.accuracy >= params.baseline was false"
                + " (evaluate.metrics.accuracy = 0.81, params.baseline = 0.9)",
            "package: upstream step train was skipped");
    assertThat(succeeded.noCandidate()).contains("its artifact step 'train' was skipped");
    assertThat(driver.requested(chain))
        .extracting(StepRequested::stepName)
        .containsOnly("evaluate");
    assertThat(bus.chain(chain, ModelCandidate.class)).isEmpty();
    JsonPath run = RunDriver.run(evaluate.runId());
    assertThat(run.getString("state")).isEqualTo("SUCCEEDED");
    assertThat(run.getList("steps.state")).containsExactly("DONE", "SKIPPED", "SKIPPED");
    assertThat(run.getString("noCandidate")).isEqualTo(succeeded.noCandidate());
  }

  @Test
  void aMetricTheUpstreamStepDidNotReportFailsTheStepWithoutRetry() {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerConditional());
    String chain = arrived.correlationId();
    StepRequested evaluate = driver.awaitRequest(chain, "evaluate", 1);

    driver.done(arrived, evaluate, Map.of("f1", 0.9));

    RunFailed failed =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(chain, RunFailed.class), events -> !events.isEmpty())
            .get(0)
            .data();
    assertThat(failed.failedStep()).isEqualTo("train");
    assertThat(failed.message()).contains("step 'evaluate' reported no metric 'accuracy'");
    assertThat(driver.requested(chain))
        .extracting(StepRequested::stepName)
        .containsOnly("evaluate");
  }

  /** One step reading the dataset, with {@code retries: 2} and the given extra keys. */
  private static String registerRetrying(String extra) {
    String name = RunDriver.unique("retry-on");
    RunDriver.register(
        """
        name: %s
        trigger: {dataset: %s}
        steps:
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}"]
            inputs: {data: dataset}
            retries: 2
        %s"""
            .formatted(name, name, extra));
    return name;
  }

  @Test
  void aUsageErrorFailsAtOnceDespiteRetries() {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerRetrying(""));
    String chain = arrived.correlationId();
    StepRequested train = driver.awaitRequest(chain, "train", 1);

    driver.failWithExitCode(arrived, train, true, 2);

    RunFailed failed =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(chain, RunFailed.class), events -> !events.isEmpty())
            .get(0)
            .data();
    assertThat(failed.failedStep()).isEqualTo("train");
    assertThat(driver.requested(chain)).hasSize(1);
    assertThat(RunDriver.run(train.runId()).getString("steps[0].lastError"))
        .isEqualTo(
            "NONZERO_EXIT: exit code 2: boom (not retried: exit code 2 means a usage or data error;"
                + " list it in retryOn.exitCodes to retry it)");
  }

  @Test
  void aFailureListedInRetryOnIsRetried() {
    EventEnvelope<DataArrived> arrived =
        driver.arrive(registerRetrying("    retryOn: {reasons: [NONZERO_EXIT], exitCodes: [2]}\n"));
    String chain = arrived.correlationId();
    StepRequested first = driver.awaitRequest(chain, "train", 1);

    driver.failWithExitCode(arrived, first, true, 2);

    StepRequested second = driver.awaitRequest(chain, "train", 2);
    driver.failWithExitCode(arrived, second, true, 1);
    await().atMost(PATIENCE).until(() -> !bus.chain(chain, RunFailed.class).isEmpty());
    assertThat(driver.requested(chain)).hasSize(2);
    assertThat(RunDriver.run(first.runId()).getString("steps[0].lastError"))
        .contains("not retried: exit code 1 is not in the step's retryOn.exitCodes");
  }
}

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
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepDone;
import io.sluice.events.StepInput;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep example (train fanned out over 3 items with parallelism 2, evaluate over train, select
 * fanning in) driven through Kafka, as ingest and trainer-launcher would.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class FanOutRunIT {

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

  /** Registers the sweep example under a unique name and dataset; returns the dataset name. */
  private static String registerSweep() throws Exception {
    String name = RunDriver.unique("sweep");
    String yaml =
        Files.readString(Path.of("../../examples/iris/pipeline-sweep.yaml"))
            .replace("name: iris-sweep\n", "name: " + name + "\n")
            .replace("dataset: iris\n", "dataset: " + name + "\n");
    RunDriver.register(yaml);
    return name;
  }

  @Test
  void noMoreThanTwoTrainingInstancesAreRequestedAtOnceAndSelectReceivesAllThree()
      throws Exception {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerSweep());
    String chain = arrived.correlationId();
    StepRequested split = driver.awaitRequest(chain, "split", 1);
    assertThat(bus.chain(chain, RunStarted.class))
        .singleElement()
        .satisfies(e -> assertThat(e.data().steps()).hasSize(8).contains("train.2", "select"));

    driver.done(arrived, split, Map.of());
    StepRequested train0 = driver.awaitRequest(chain, "train.0", 1);
    StepRequested train1 = driver.awaitRequest(chain, "train.1", 1);
    assertThat(train0.argv()).containsSequence("--algorithm", "logistic").contains("100");
    assertThat(train1.argv()).containsSequence("--epochs", "20");
    assertThat(train0.outputs().get(0).uri())
        .isEqualTo("s3://artifacts/runs/" + split.runId() + "/train.0/1/model/");
    // train.2 would have been requested on the same step.done as train.0 and train.1; a heartbeat
    // consumed afterwards (its lease shows) does not request it either.
    driver.heartbeat(arrived, train0, "launcher-1", Instant.now(), 60);
    RunDriver.awaitStepState(split.runId(), "train.2", "PENDING");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> RunDriver.run(split.runId()),
            run -> run.getString("steps.find { it.name == 'train.0' }.leaseOwner") != null);
    assertThat(driver.requested(chain)).noneMatch(r -> r.stepName().equals("train.2"));

    EventEnvelope<StepDone> train1Done = driver.done(arrived, train1, Map.of());
    EventEnvelope<StepRequested> train2 = driver.awaitRequestEvent(chain, "train.2", 1);
    assertThat(train2.causationId()).isEqualTo(train1Done.id());
    assertThat(train2.data().argv()).containsSequence("--algorithm", "fm");
    assertThat(maxOutstanding(chain, "train.")).isEqualTo(2);

    StepRequested evaluate1 = driver.awaitRequest(chain, "evaluate.1", 1);
    assertThat(evaluate1.inputs())
        .extracting(StepInput::name, StepInput::uri)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("model", train1.outputs().get(0).uri()),
            org.assertj.core.groups.Tuple.tuple("test", split.outputs().get(1).uri()));
    driver.done(arrived, train0, Map.of("loss", 0.5));
    driver.done(arrived, train2.data(), Map.of("loss", 0.7));
    driver.done(arrived, evaluate1, Map.of("accuracy", 0.91));
    driver.done(arrived, driver.awaitRequest(chain, "evaluate.0", 1), Map.of("accuracy", 0.97));
    assertThat(driver.requested(chain)).noneMatch(r -> r.stepName().equals("select"));
    driver.done(arrived, driver.awaitRequest(chain, "evaluate.2", 1), Map.of("accuracy", 0.95));

    StepRequested select = driver.awaitRequest(chain, "select", 1);
    assertThat(select.inputs())
        .extracting(StepInput::name)
        .containsExactly("model.0", "model.1", "model.2", "report.0", "report.1", "report.2");
    assertThat(select.inputs().get(1).uri()).isEqualTo(train1.outputs().get(0).uri());
    assertThat(select.argv())
        .contains(
            "--candidate=logistic-100={{inputs.model.0}}:{{inputs.report.0}}",
            "--candidate=logistic-20={{inputs.model.1}}:{{inputs.report.1}}",
            "--candidate=fm-50={{inputs.model.2}}:{{inputs.report.2}}");
    assertThat(select.env().get("SLUICE_FANIN_METRICS"))
        .isEqualTo(
            "{\"evaluate.0\":{\"accuracy\":0.97},\"evaluate.1\":{\"accuracy\":0.91},"
                + "\"evaluate.2\":{\"accuracy\":0.95},\"train.0\":{\"loss\":0.5},"
                + "\"train.1\":{},\"train.2\":{\"loss\":0.7}}");

    driver.done(arrived, select, Map.of("accuracy", 0.97));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !bus.chain(chain, ModelCandidate.class).isEmpty());
    assertThat(bus.chain(chain, RunSucceeded.class)).hasSize(1);
    JsonPath run = RunDriver.run(split.runId());
    assertThat(run.getList("steps.name", String.class))
        .containsExactlyInAnyOrder(
            "split",
            "train.0",
            "train.1",
            "train.2",
            "evaluate.0",
            "evaluate.1",
            "evaluate.2",
            "select");
    assertThat(run.getString("steps.find { it.name == 'train.2' }.state")).isEqualTo("DONE");
  }

  @Test
  void aFailedInstanceIsRetriedOnItsOwnAndOneThatFailsForGoodFailsTheRun() throws Exception {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerSweep());
    String chain = arrived.correlationId();
    StepRequested split = driver.awaitRequest(chain, "split", 1);
    driver.done(arrived, split, Map.of());
    StepRequested train0 = driver.awaitRequest(chain, "train.0", 1);
    StepRequested train1 = driver.awaitRequest(chain, "train.1", 1);

    driver.fail(arrived, train0, true);
    StepRequested retry = driver.awaitRequest(chain, "train.0", 2);
    assertThat(retry.argv()).isEqualTo(train0.argv());
    assertThat(driver.requested(chain))
        .as("a retry keeps its slot: train.2 still waits")
        .noneMatch(
            r ->
                r.stepName().equals("train.2")
                    || r.stepName().equals("train.1") && r.attempt() > 1);

    driver.fail(arrived, train1, false);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !bus.chain(chain, RunFailed.class).isEmpty());
    RunFailed failed = bus.chain(chain, RunFailed.class).get(0).data();
    assertThat(failed.failedStep()).isEqualTo("train.1");
    JsonPath run = RunDriver.run(split.runId());
    assertThat(run.getString("state")).isEqualTo("FAILED");
    assertThat(run.getString("steps.find { it.name == 'train.1' }.state")).isEqualTo("FAILED");
    assertThat(run.getString("steps.find { it.name == 'train.2' }.state")).isNotEqualTo("DONE");
    assertThat(driver.requested(chain)).noneMatch(r -> r.stepName().startsWith("evaluate"));
  }

  /** The most attempts of steps named {@code prefix*} requested and not yet reported done. */
  private static int maxOutstanding(String chain, String prefix) {
    List<TestEventBus.Received<io.sluice.events.EventData>> events =
        bus.received(
            io.sluice.events.EventData.class,
            e -> e.correlationId().equals(chain) && stepName(e).startsWith(prefix));
    int outstanding = 0;
    int max = 0;
    for (TestEventBus.Received<io.sluice.events.EventData> event : events) {
      Object data = event.envelope().data();
      outstanding += data instanceof StepRequested ? 1 : data instanceof StepDone ? -1 : 0;
      max = Math.max(max, outstanding);
    }
    return max;
  }

  private static String stepName(EventEnvelope<?> event) {
    Object data = event.data();
    if (data instanceof StepRequested requested) {
      return requested.stepName();
    }
    return data instanceof StepDone done ? done.stepName() : "";
  }
}

package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.ModelCandidate;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.orchestrator.run.RunSubscriptions;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs of the Iris example driven through Kafka, as ingest and trainer-launcher would. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RunFlowIT {

  private static final Logger LOG = Logger.getLogger(RunFlowIT.class);
  private static TestEventBus bus;
  private static RunDriver driver;

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

  /** Registers the Iris example under a unique name and dataset; returns the dataset name. */
  private static String registerIris() throws Exception {
    String name = RunDriver.unique("iris");
    String yaml =
        Files.readString(Path.of("../../examples/iris/pipeline.yaml"))
            .replace("name: iris\n", "name: " + name + "\n")
            .replace("dataset: iris\n", "dataset: " + name + "\n");
    RunDriver.register(yaml);
    return name;
  }

  private static EventEnvelope<DataArrived> arrive(String dataset) {
    return driver.arrive(dataset);
  }

  private static List<StepRequested> requested(String correlation) {
    return driver.requested(correlation);
  }

  private static StepRequested awaitRequest(String correlation, String step, int attempt) {
    return driver.awaitRequest(correlation, step, attempt);
  }

  private static void done(
      EventEnvelope<?> cause, StepRequested request, Map<String, Double> metrics) {
    driver.done(cause, request, metrics);
  }

  @Test
  void aDropRunsTheIrisDagToAModelCandidate() throws Exception {
    String dataset = registerIris();
    EventEnvelope<DataArrived> arrived = arrive(dataset);
    String chain = arrived.correlationId();

    StepRequested split = awaitRequest(chain, "split", 1);
    assertThat(bus.chain(chain, RunStarted.class))
        .singleElement()
        .satisfies(e -> assertThat(e.data().steps()).hasSize(6));
    assertThat(split.inputs())
        .singleElement()
        .satisfies(
            in -> assertThat(in.uri()).isEqualTo("s3://datasets/" + dataset + "/2026-11-22/"))
        .satisfies(in -> assertThat(in.sha256()).isEqualTo(arrived.data().versionId()));
    assertThat(split.argv()).contains("steps/target/sluice-steps.jar", "{{inputs.data}}", "42");
    assertThat(split.outputs().get(0).uri())
        .isEqualTo("s3://artifacts/runs/" + split.runId() + "/split/1/train/");

    long sentAt = System.nanoTime();
    done(arrived, split, Map.of());
    StepRequested trainLogistic = awaitRequest(chain, "train-logistic", 1);
    StepRequested trainFm = awaitRequest(chain, "train-fm", 1);
    long seenAt =
        bus.received(StepRequested.class, e -> e.correlationId().equals(chain)).stream()
            .filter(s -> s.envelope().data().stepName().startsWith("train-"))
            .mapToLong(TestEventBus.Received::receivedAtNanos)
            .max()
            .orElseThrow();
    LOG.infof(
        "control-plane latency step.done -> next step.requested: %d ms",
        (seenAt - sentAt) / 1_000_000);
    assertThat(trainLogistic.inputs().get(0).uri()).endsWith("/split/1/train/");

    done(arrived, trainLogistic, Map.of());
    StepRequested evalLogistic = awaitRequest(chain, "evaluate-logistic", 1);
    done(arrived, evalLogistic, Map.of("accuracy", 0.93));
    done(arrived, trainFm, Map.of());
    StepRequested evalFm = awaitRequest(chain, "evaluate-fm", 1);
    assertThat(requested(chain)).noneMatch(r -> r.stepName().equals("select"));
    done(arrived, evalFm, Map.of("accuracy", 0.97));
    StepRequested select = awaitRequest(chain, "select", 1);
    assertThat(select.inputs()).hasSize(4);
    done(arrived, select, Map.of("accuracy", 0.97));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !bus.chain(chain, ModelCandidate.class).isEmpty());
    assertThat(bus.chain(chain, RunSucceeded.class)).hasSize(1);
    ModelCandidate candidate = bus.chain(chain, ModelCandidate.class).get(0).data();
    assertThat(candidate.modelName()).isEqualTo("iris-classifier");
    assertThat(candidate.artifact().uri()).endsWith("/select/1/model/model.onnx");
    assertThat(candidate.metrics()).containsEntry("accuracy", 0.97);
    assertThat(candidate.gate()).singleElement().satisfies(g -> assertThat(g.min()).isEqualTo(0.9));
    assertThat(candidate.signature().featureNames())
        .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
    assertThat(candidate.lineage().datasetObjects()).isEqualTo(arrived.data().objects());
    assertThat(candidate.lineage().steps()).hasSize(6);

    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + split.runId())
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("SUCCEEDED"))
        .body("steps.size()", org.hamcrest.Matchers.equalTo(6))
        .body("steps[5].metrics.accuracy", org.hamcrest.Matchers.equalTo(0.97f));
  }

  @Test
  void aRequestedStepShowsWhenItsCommandStartedAndAStaleStartChangesNothing() throws Exception {
    String dataset = registerIris();
    EventEnvelope<DataArrived> arrived = arrive(dataset);
    StepRequested split = awaitRequest(arrived.correlationId(), "split", 1);
    String runId = split.runId();
    assertThat(RunDriver.run(runId).getString("steps.find { it.name == 'split' }.startedAt"))
        .as("waiting for a node or a GPU: not started")
        .isNull();

    StepRequested stale =
        new StepRequested(
            runId,
            "split",
            7,
            0,
            split.image(),
            null,
            split.argv(),
            split.env(),
            split.inputs(),
            split.outputs(),
            split.resources(),
            split.deadline(),
            split.timeoutSeconds(),
            split.retryPolicy(),
            split.cacheKey(),
            List.of());
    // Recent enough for the step's 1h timeout: the watchdog fails an attempt started longer ago.
    Instant aMinuteAgo =
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(60);
    driver.started(arrived, stale, aMinuteAgo.minus(Duration.ofDays(1)));
    driver.started(arrived, split, aMinuteAgo);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> RunDriver.run(runId).getString("steps.find { it.name == 'split' }.startedAt"),
            startedAt -> startedAt != null);
    assertThat(
            Instant.parse(
                RunDriver.run(runId).getString("steps.find { it.name == 'split' }.startedAt")))
        .isEqualTo(aMinuteAgo);
    assertThat(RunDriver.run(runId).getString("steps.find { it.name == 'split' }.state"))
        .isEqualTo("REQUESTED");
  }

  @Test
  void redeliveredDataArrivedStartsNoSecondRun() throws Exception {
    String dataset = registerIris();
    EventEnvelope<DataArrived> arrived = arrive(dataset);
    awaitRequest(arrived.correlationId(), "split", 1);
    double duplicatesBefore = duplicatesOfDataEvents();
    bus.send(arrived);
    EventEnvelope<DataArrived> again =
        EventEnvelope.first("ingest", dataset, arrived.correlationId(), arrived.data());
    bus.send(again);
    // Both re-sent events must have been consumed before counting runs: the same event is only
    // counted as a duplicate, the same content under a new id is applied (and starts nothing).
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> duplicatesOfDataEvents() > duplicatesBefore && dataEventApplied(again));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs?pipeline=" + dataset)
        .then()
        .statusCode(200)
        .body("items.size()", org.hamcrest.Matchers.equalTo(1));
    assertThat(bus.chain(arrived.correlationId(), RunStarted.class)).hasSize(1);
  }

  private static double duplicatesOfDataEvents() {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString()
        .lines()
        .filter(line -> line.startsWith("sluice_events_duplicates_total{"))
        .filter(line -> line.contains("\"" + RunSubscriptions.DATA_CONSUMER + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private boolean dataEventApplied(EventEnvelope<?> event) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*) FROM sluice_applied_events WHERE consumer = ? AND event_id = ?")) {
      select.setString(1, RunSubscriptions.DATA_CONSUMER);
      select.setString(2, event.id());
      try (java.sql.ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 1;
      }
    }
  }

  @Test
  void retryableFailureRequestsAnotherAttemptAndAStaleDoneChangesNothing() throws Exception {
    String dataset = registerIris();
    EventEnvelope<DataArrived> arrived = arrive(dataset);
    StepRequested split = awaitRequest(arrived.correlationId(), "split", 1);
    driver.fail(arrived, split, true);
    StepRequested second = awaitRequest(arrived.correlationId(), "split", 2);
    assertThat(second.outputs().get(0).uri()).contains("/split/2/");
    done(arrived, split, Map.of());
    done(arrived, second, Map.of());
    awaitRequest(arrived.correlationId(), "train-fm", 1);
    assertThat(requested(arrived.correlationId()))
        .filteredOn(r -> r.stepName().equals("train-fm"))
        .hasSize(1);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + split.runId())
        .then()
        .statusCode(200)
        .body("steps[0].attempt", org.hamcrest.Matchers.equalTo(2))
        .body("steps[0].outputs[0].uri", org.hamcrest.Matchers.containsString("/split/2/"));
  }

  @Test
  void nonRetryableFailureFailsTheRun() throws Exception {
    String dataset = registerIris();
    EventEnvelope<DataArrived> arrived = arrive(dataset);
    StepRequested split = awaitRequest(arrived.correlationId(), "split", 1);
    driver.fail(arrived, split, false);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !bus.chain(arrived.correlationId(), RunFailed.class).isEmpty());
    RunFailed runFailed = bus.chain(arrived.correlationId(), RunFailed.class).get(0).data();
    assertThat(runFailed.failedStep()).isEqualTo("split");
    assertThat(runFailed.reason()).isEqualTo(FailureReason.NONZERO_EXIT);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs?state=failed&pipeline=" + dataset)
        .then()
        .statusCode(200)
        .body("items[0].id", org.hamcrest.Matchers.equalTo(split.runId()));
  }

  @Test
  void runsArePagedNewestFirstByCursor() throws Exception {
    String dataset = registerIris();
    for (int i = 0; i < 3; i++) {
      awaitRequest(arrive(dataset).correlationId(), "split", 1);
    }
    io.restassured.path.json.JsonPath first =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/api/v1/runs?limit=2&pipeline=" + dataset)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> firstIds = first.getList("items.id");
    assertThat(firstIds).hasSize(2);
    assertThat(firstIds.get(0)).isGreaterThan(firstIds.get(1));
    String cursor = first.getString("next");
    assertThat(cursor).isEqualTo(firstIds.get(1));
    io.restassured.path.json.JsonPath second =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/api/v1/runs?limit=2&pipeline=" + dataset + "&cursor=" + cursor)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(second.getList("items.id", String.class))
        .singleElement()
        .satisfies(id -> assertThat(id).isLessThan(cursor));
    assertThat(second.getString("next")).isNull();
  }

  @Test
  void aCandidateThatCannotBeBuiltFailsTheRunInsteadOfRetryingForever() throws Exception {
    String name = RunDriver.unique("guard");
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
          - name: evaluate
            image: img:1
            command: [evaluate, "{{inputs.model}}"]
            inputs: {model: train.model}
        model: {name: %s, artifact: train.model, metrics: evaluate}
        """
            .formatted(name, name, name));
    EventEnvelope<DataArrived> arrived = arrive(name);
    String chain = arrived.correlationId();
    StepRequested train = awaitRequest(chain, "train", 1);
    done(arrived, train, Map.of());
    StepRequested evaluate = awaitRequest(chain, "evaluate", 1);
    // No valid sequence of events loses a recorded output today: the guard is for contract drift
    // and bugs, so the output is removed behind the orchestrator's back.
    forgetOutputs(train.runId(), "train");
    done(arrived, evaluate, Map.of("accuracy", 0.95));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !bus.chain(chain, RunFailed.class).isEmpty());
    RunFailed failed = bus.chain(chain, RunFailed.class).get(0).data();
    assertThat(failed.reason()).isEqualTo(FailureReason.INTERNAL);
    assertThat(failed.failedStep()).isNull();
    assertThat(failed.message())
        .contains("model '" + name + "' cannot be offered", "no output train.model", name);
    assertThat(bus.chain(chain, RunSucceeded.class)).isEmpty();
    assertThat(bus.chain(chain, ModelCandidate.class)).isEmpty();
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + train.runId())
        .then()
        .statusCode(200)
        .body("state", org.hamcrest.Matchers.equalTo("FAILED"))
        .body("failure", org.hamcrest.Matchers.containsString("cannot be offered"))
        .body(
            "steps.state", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("DONE")));
  }

  private void forgetOutputs(String runId, String step) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE run_steps SET outputs = '[]' WHERE run_id = ? AND step_name = ?")) {
      update.setObject(1, UUID.fromString(runId));
      update.setString(2, step);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }
}

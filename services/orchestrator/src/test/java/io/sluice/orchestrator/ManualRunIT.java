package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepDone;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.events.TriggerKind;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs started by hand over REST (a first run, a re-run, a retry from the failed steps) and by
 * registration ({@code trigger.onRegister: latest}), on real Kafka and Postgres.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ManualRunIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

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

  /** {@code prepare} reads the dataset, {@code train} reads prepare's output. */
  private static String pipeline(String name, String dataset, String extraTrigger) {
    return """
        name: %s
        trigger: {dataset: %s%s}
        params: {epochs: "10"}
        steps:
          - name: prepare
            image: img:1
            command: [prepare, "{{inputs.data}}", "{{outputs.rows}}"]
            inputs: {data: dataset}
            outputs: [rows]
          - name: train
            image: img:1
            command: [train, "{{inputs.rows}}", "{{params.epochs}}", "{{outputs.model}}"]
            inputs: {rows: prepare.rows}
            outputs: [model]
            retries: 3
        """
        .formatted(name, dataset, extraTrigger);
  }

  private static ValidatableResponse startRun(String pipeline, String body, String key) {
    var request = given().auth().oauth2(TestTokens.admin()).contentType("application/json");
    if (key != null) {
      request = request.header("Idempotency-Key", key);
    }
    return request.body(body).post("/api/v1/pipelines/" + pipeline + "/runs").then();
  }

  private static ValidatableResponse post(String path, String body) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/json")
        .body(body)
        .post(path)
        .then();
  }

  /** Sends a data.arrived and waits until the orchestrator has recorded the version. */
  private EventEnvelope<DataArrived> arrived(String dataset) {
    EventEnvelope<DataArrived> event = driver.arrive(dataset);
    await().atMost(PATIENCE).until(() -> versionsOf(dataset) == 1);
    return event;
  }

  private int versionsOf(String dataset) throws Exception {
    return count("SELECT count(*) FROM dataset_versions WHERE dataset_name = ?", dataset);
  }

  private int runsOf(String pipeline) throws Exception {
    return count("SELECT count(*) FROM runs WHERE pipeline_name = ?", pipeline);
  }

  private int count(String sql, String arg) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, arg);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static EventEnvelope<RunStarted> awaitStarted(String runId) {
    return await()
        .atMost(PATIENCE)
        .until(() -> bus.chain(runId, RunStarted.class), events -> !events.isEmpty())
        .get(0);
  }

  @Test
  void aPipelineRegisteredAfterItsDataRunsOnItWhenStartedByHand() {
    String name = RunDriver.unique("manual");
    EventEnvelope<DataArrived> data = arrived(name);
    RunDriver.register(pipeline(name, name, ""));

    JsonPath run =
        startRun(name, "{\"params\": {\"epochs\": 25}}", null)
            .statusCode(201)
            .header("Location", containsString("/api/v1/runs/"))
            .extract()
            .jsonPath();

    String runId = run.getString("id");
    assertThat(run.getString("trigger.kind")).isEqualTo("MANUAL");
    assertThat(run.getString("trigger.caller")).isEqualTo(TestTokens.ADMIN_SUBJECT);
    assertThat(run.getString("datasetVersion")).isEqualTo(data.data().versionId());
    assertThat(run.getString("params.epochs")).isEqualTo("25");
    RunStarted started = awaitStarted(runId).data();
    assertThat(started.trigger().kind()).isEqualTo(TriggerKind.MANUAL);
    assertThat(started.trigger().caller()).isEqualTo(TestTokens.ADMIN_SUBJECT);
    StepRequested prepare = driver.awaitRequest(runId, "prepare", 1);
    assertThat(prepare.inputs().get(0).sha256()).isEqualTo(data.data().versionId());
  }

  @Test
  void theSameIdempotencyKeyStartsOneRun() throws Exception {
    String name = RunDriver.unique("idem");
    arrived(name);
    RunDriver.register(pipeline(name, name, ""));

    String first = startRun(name, "", "key-1").statusCode(201).extract().path("id");
    String again = startRun(name, "{}", "key-1").statusCode(200).extract().path("id");
    String other = startRun(name, "", "key-2").statusCode(201).extract().path("id");

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(runsOf(name)).isEqualTo(2);
  }

  @Test
  void onRegisterLatestRunsOnTheDataThatArrivedBeforeOnceWhateverIsRepeated() throws Exception {
    String name = RunDriver.unique("onreg");
    EventEnvelope<DataArrived> data = arrived(name);

    String runId =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .contentType("application/yaml")
            .body(pipeline(name, name, ", onRegister: latest"))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .extract()
            .path("startedRun");

    RunStarted started = awaitStarted(runId).data();
    assertThat(started.trigger().kind()).isEqualTo(TriggerKind.DATASET);
    assertThat(started.datasetVersion()).isEqualTo(data.data().versionId());
    // Registering it again, and the same data.arrived redelivered, start nothing more.
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/yaml")
        .body(pipeline(name, name, ", onRegister: latest"))
        .post("/api/v1/pipelines")
        .then()
        .statusCode(200);
    // The same version announced again under a new event id (as ingest's reconciliation may).
    EventEnvelope<DataArrived> again = EventEnvelope.first("ingest", name, null, data.data());
    bus.send(again);
    await().atMost(PATIENCE).until(() -> applied(again));
    assertThat(runsOf(name)).isEqualTo(1);
  }

  @Test
  void onRegisterLatestBeforeAnyDataRunsWhenTheDataArrives() throws Exception {
    String name = RunDriver.unique("onreg-first");
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/yaml")
        .body(pipeline(name, name, ", onRegister: latest"))
        .post("/api/v1/pipelines")
        .then()
        .statusCode(201)
        .body("startedRun", equalTo(null));
    assertThat(runsOf(name)).isZero();

    EventEnvelope<DataArrived> data = driver.arrive(name);

    driver.awaitRequest(data.correlationId(), "prepare", 1);
    assertThat(runsOf(name)).isEqualTo(1);
  }

  /** The orchestrator's consumer has applied the event (its transaction committed). */
  private boolean applied(EventEnvelope<?> event) throws Exception {
    return count("SELECT count(*) FROM sluice_applied_events WHERE event_id = ?", event.id()) == 1;
  }

  @Test
  void aRetryReusesTheSucceededStepsAndRunsTheFailedOnes() {
    String name = RunDriver.unique("retry");
    RunDriver.register(pipeline(name, name, ""));
    EventEnvelope<DataArrived> data = driver.arrive(name);
    String chain = data.correlationId();
    EventEnvelope<StepRequested> prepare = driver.awaitRequestEvent(chain, "prepare", 1);
    EventEnvelope<StepDone> prepared = driver.done(prepare, prepare.data(), Map.of());
    EventEnvelope<StepRequested> train = driver.awaitRequestEvent(chain, "train", 1);
    // Exit code 2 marked not retryable: the run fails at once.
    driver.fail(train, train.data(), false);
    String failedRun = prepare.data().runId();
    await()
        .atMost(PATIENCE)
        .until(() -> RunDriver.run(failedRun).getString("state"), "FAILED"::equals);

    JsonPath retry =
        post("/api/v1/runs/" + failedRun + "/retry", "").statusCode(201).extract().jsonPath();

    String runId = retry.getString("id");
    assertThat(retry.getString("trigger.retryOf")).isEqualTo(failedRun);
    StepDone reused =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.chain(runId, StepDone.class), events -> !events.isEmpty())
            .get(0)
            .data();
    assertThat(reused.stepName()).isEqualTo("prepare");
    assertThat(reused.cachedFrom().runId()).isEqualTo(failedRun);
    assertThat(reused.outputs()).isEqualTo(prepared.data().outputs());
    EventEnvelope<StepRequested> retried = driver.awaitRequestEvent(runId, "train", 1);
    assertThat(retried.data().inputs().get(0).uri())
        .isEqualTo(prepared.data().outputs().get(0).uri());
    assertThat(driver.requested(runId)).extracting(StepRequested::stepName).containsOnly("train");
    driver.done(retried, retried.data(), Map.of());
    await()
        .atMost(PATIENCE)
        .until(() -> bus.chain(runId, RunSucceeded.class), events -> !events.isEmpty());
    // A run that succeeded has nothing to retry; a running one cannot be repeated yet.
    post("/api/v1/runs/" + runId + "/retry", "")
        .statusCode(409)
        .body("detail", containsString("nothing to retry"));
  }

  @Test
  void aReRunRunsEveryStepAgainWithTheSameInputs() {
    String name = RunDriver.unique("rerun");
    RunDriver.register(pipeline(name, name, ""));
    EventEnvelope<DataArrived> data = driver.arrive(name);
    String chain = data.correlationId();
    EventEnvelope<StepRequested> prepare = driver.awaitRequestEvent(chain, "prepare", 1);
    String source = prepare.data().runId();
    post("/api/v1/runs/" + source + "/rerun", "")
        .statusCode(409)
        .body("detail", containsString("still RUNNING"));
    driver.done(prepare, prepare.data(), Map.of());
    EventEnvelope<StepRequested> train = driver.awaitRequestEvent(chain, "train", 1);
    driver.done(train, train.data(), Map.of());
    await()
        .atMost(PATIENCE)
        .until(() -> RunDriver.run(source).getString("state"), "SUCCEEDED"::equals);

    JsonPath rerun =
        post("/api/v1/runs/" + source + "/rerun", "").statusCode(201).extract().jsonPath();

    String runId = rerun.getString("id");
    assertThat(rerun.getString("trigger.rerunOf")).isEqualTo(source);
    assertThat(rerun.getBoolean("cache")).isFalse();
    StepRequested again = driver.awaitRequest(runId, "prepare", 1);
    assertThat(again.inputs()).isEqualTo(prepare.data().inputs());
    assertThat(again.argv()).isEqualTo(prepare.data().argv());
  }

  @Test
  void badRunRequestsAreRefusedWithWhatIsWrong() {
    String name = RunDriver.unique("bad");
    RunDriver.register(pipeline(name, name, ""));
    // No version of the dataset has arrived: nothing to run on.
    startRun(name, "", null).statusCode(404).body("detail", containsString("has arrived yet"));
    arrived(name);
    startRun("no-such-pipeline", "", null).statusCode(404);
    startRun(name, "{\"params\": {\"nope\": 1}}", null)
        .statusCode(400)
        .body("detail", containsString("has no param 'nope'"));
    startRun(name, "{\"datasetVersion\": \"abc\"}", null)
        .statusCode(400)
        .body("detail", containsString("datasetVersion"));
    startRun(name, "{\"datasetVersion\": \"" + "a".repeat(64) + "\"}", null)
        .statusCode(404)
        .body("detail", containsString("has no version"));
    startRun(name, "{\"pipelineVersion\": \"" + "b".repeat(64) + "\"}", null).statusCode(404);
    startRun(name, "{\"datasetVersion\": 1, \"datasetVersion\": 2}", null).statusCode(400);
    startRun(name, "{\"paramz\": {}}", null)
        .statusCode(400)
        .body("detail", containsString("unknown field 'paramz'"));
    startRun(name, "[1]", null).statusCode(400).body("detail", containsString("JSON object"));
    startRun(name, "{\"params\": {\"epochs\": \"1\\u0000\"}}", null)
        .statusCode(400)
        .body("detail", containsString("control characters"));
    startRun(name, "{\"params\": {\"epochs\": {\"x\": 1}}}", null).statusCode(400);
    startRun(name, "{\"cache\": \"no\"}", null).statusCode(400);
    startRun(name, "{\"params\": {\"epochs\": \"" + "9".repeat(70_000) + "\"}}", null)
        .statusCode(400)
        .body("detail", containsString("bytes"));
    startRun(name, "", "has space")
        .statusCode(400)
        .body("detail", containsString("Idempotency-Key"));
    post("/api/v1/runs/not-a-uuid/retry", "").statusCode(400);
    post("/api/v1/runs/" + java.util.UUID.randomUUID() + "/rerun", "").statusCode(404);
    post("/api/v1/runs/" + java.util.UUID.randomUUID() + "/retry", "{\"cache\": true}")
        .statusCode(400);
  }
}

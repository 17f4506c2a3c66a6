package io.sluice.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.eventing.Transactor;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.ModelServeRequested;
import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutPhase;
import io.sluice.events.RolloutProgressed;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStarted;
import io.sluice.events.RolloutStrategy;
import io.sluice.events.ServeAction;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.rollout.MeasurementFeed;
import io.sluice.gateway.rollout.MeasurementStore;
import io.sluice.gateway.routing.LatencyHistogram;
import io.sluice.gateway.routing.RolloutRouting;
import io.sluice.gateway.routing.VersionSample;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.gateway.serving.ServedModelsTable;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rollouts driven end to end against real Kafka, Postgres and S3 with the real Iris model: the
 * driver judges windows from the measurements table (fed here as replicas feed it) and moves the
 * rollout with its events; people steer it over REST and with {@code model.serve_requested}.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RolloutIT {

  private static final Duration PATIENCE = Duration.ofSeconds(40);
  private static final RolloutAnalysis ANALYSIS =
      new RolloutAnalysis(20, 0.05, null, 0.02, 3.0, null, 2);
  private static final RolloutSpec CANARY =
      new RolloutSpec(RolloutStrategy.CANARY, List.of(10, 50, 100), 1, 0, ANALYSIS);
  private static final String SETOSA =
      "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],"
          + "\"data\":[5.1,3.5,1.4,0.2]}]}";
  private static TestEventBus bus;

  @Inject StorageClient storage;
  @Inject Transactor transactor;
  @Inject MeasurementStore measurements;
  @Inject ServedModelsTable served;
  @Inject RolloutRouting routing;
  @Inject MeterRegistry meters;
  private MeasurementFeed feed;

  @BeforeAll
  static void connect() {
    bus = TestEventBus.following(Topics.MODELS, Topics.SERVING);
  }

  @AfterAll
  static void disconnect() {
    bus.close();
  }

  @BeforeEach
  void startFeed() {
    feed = new MeasurementFeed(transactor, measurements);
  }

  @AfterEach
  void stopFeed() {
    feed.close();
  }

  private String uniqueModel() {
    return "iris-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private ModelEvaluated approved(String model, int version) {
    String folder = "runs/" + model + "/train/" + version + "/model/";
    storage.put("artifacts", folder + "model.onnx", IrisModel.onnx());
    storage.put("artifacts", folder + "signature.json", "{}".getBytes(StandardCharsets.UTF_8));
    return Evaluations.of(
        model,
        version,
        Verdict.APPROVED,
        "s3://artifacts/" + folder + "model.onnx",
        IrisModel.sha256());
  }

  /** v1 serves with all traffic, v2 is in rollout under {@code spec}. */
  private void stableThenRollout(String model, RolloutSpec spec) {
    bus.send(ModelEvents.first(model, approved(model, 1)));
    await().atMost(PATIENCE).until(() -> ModelEvents.promoted(bus, model).size() == 1);
    bus.send(ModelEvents.first(model, Evaluations.withRollout(approved(model, 2), spec)));
    await().atMost(PATIENCE).until(() -> !bus.events(model, RolloutStarted.class).isEmpty());
  }

  private static VersionSample sample(long requests, long errors, double millis) {
    LatencyHistogram latency = new LatencyHistogram();
    for (long i = 0; i < requests; i++) {
      latency.record((long) (millis * 1_000_000));
    }
    return new VersionSample(requests, errors, latency, 0, 0);
  }

  private List<Integer> weights(String model) {
    return bus.events(model, RolloutProgressed.class).stream()
        .map(RolloutProgressed::trafficPercent)
        .toList();
  }

  private io.restassured.response.Response post(String model, String action, String body) {
    var request = given().auth().oauth2(TestTokens.admin());
    if (body != null) {
      request = request.contentType(ContentType.JSON).body(body);
    }
    return request.post("/api/v1/rollouts/{model}/" + action, model);
  }

  @Test
  void healthyCanaryGoesTenFiftyHundredAndIsPromoted() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);
    RolloutStarted started = bus.events(model, RolloutStarted.class).get(0);
    assertThat(started.version()).isEqualTo(2);
    assertThat(started.stableVersion()).isEqualTo(1);
    assertThat(started.trafficPercent()).isEqualTo(10);
    // The event may reach the test before the replica that committed it has followed it.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(routing.split(model))
                    .hasValueSatisfying(s -> assertThat(s.candidatePercent()).isEqualTo(10)));

    feed.measure(model, 1, sample(30, 0, 2));
    feed.measure(model, 2, sample(10, 0, 2));

    ModelPromoted promoted =
        await()
            .atMost(PATIENCE)
            .until(
                () -> ModelEvents.promoted(bus, model),
                list -> list.stream().anyMatch(p -> p.version() == 2))
            .stream()
            .filter(p -> p.version() == 2)
            .findFirst()
            .orElseThrow();
    assertThat(promoted.previousVersion()).isEqualTo(1);
    // rollout.progressed and model.promoted travel on different topics: either may come first.
    await().atMost(PATIENCE).until(() -> weights(model).size() == 3);
    assertThat(weights(model)).containsExactly(50, 100, 100);
    List<RolloutProgressed> progressed = bus.events(model, RolloutProgressed.class);
    assertThat(progressed.get(2).phase()).isEqualTo(RolloutPhase.PROMOTING);
    assertThat(progressed.get(0).canary().requests()).isGreaterThanOrEqualTo(20);
    assertThat(progressed.get(0).stable().requests()).isGreaterThanOrEqualTo(20);
    await().atMost(PATIENCE).until(() -> routing.split(model).isEmpty());
    assertThat(servedVersion(model)).isEqualTo(2);
    // The ended rollout is still answered, with its outcome.
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/rollouts/{m}", model)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("PROMOTED"))
        .body("candidateVersion", equalTo(2))
        .body("stableVersion", equalTo(1))
        .body("reason", equalTo("every window passed"))
        .body("endedBy", nullValue())
        .body("endedAt", notNullValue());
  }

  @Test
  void canaryFailingOneRequestInTwoIsRolledBackAfterTwoFailedChecksNamingTheErrorRate() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);

    feed.measure(model, 1, sample(30, 0, 2));
    feed.measure(model, 2, sample(10, 5, 2));

    ModelRolledBack rolledBack =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.events(model, ModelRolledBack.class), list -> !list.isEmpty())
            .get(0);
    assertThat(rolledBack.version()).isEqualTo(2);
    assertThat(rolledBack.restoredVersion()).isEqualTo(1);
    assertThat(rolledBack.decision()).isNull();
    assertThat(rolledBack.failedCheck().name()).isEqualTo("maxErrorRate");
    assertThat(rolledBack.failedCheck().observed()).isEqualTo(0.5);
    assertThat(rolledBack.failedCheck().limit()).isEqualTo(0.05);
    assertThat(rolledBack.failedCheck().stable().errorRate()).isEqualTo(0.0);
    assertThat(rolledBack.reason()).startsWith("maxErrorRate 0.5000 exceeds its limit 0.05000");
    // One held window at 10%, then the rollback: the weight never went up.
    assertThat(weights(model)).containsExactly(10, 0);
    List<RolloutProgressed> progressed = bus.events(model, RolloutProgressed.class);
    assertThat(progressed.get(0).failedCheck().name()).isEqualTo("maxErrorRate");
    assertThat(progressed.get(0).failedCheck().stable()).isNotNull();
    assertThat(progressed.get(1).failedCheck().name()).isEqualTo("maxErrorRate");
    await().atMost(PATIENCE).until(() -> routing.split(model).isEmpty());
    assertThat(servedVersion(model)).isEqualTo(1);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/rollouts/{m}", model)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("ROLLED_BACK"))
        .body("candidateVersion", equalTo(2))
        .body("failedCheck.name", equalTo("maxErrorRate"))
        .body("failedCheck.stable.requests", notNullValue())
        .body("failedChecks", equalTo(2))
        .body("reason", startsWith("maxErrorRate 0.5000 exceeds its limit 0.05000"))
        .body("endedBy", nullValue());
  }

  @Test
  void slowCanaryIsRolledBackOnTheP99RatioAgainstStable() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);

    feed.measure(model, 1, sample(30, 0, 2));
    // 150 requests a second each: enough for a p99 of both versions to be compared.
    feed.measure(model, 2, sample(30, 0, 50));

    ModelRolledBack rolledBack =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.events(model, ModelRolledBack.class), list -> !list.isEmpty())
            .get(0);
    assertThat(rolledBack.failedCheck().name()).isEqualTo("maxLatencyP99Ratio");
    assertThat(rolledBack.failedCheck().observed()).isGreaterThan(20);
    assertThat(rolledBack.failedCheck().canary().latencyP99Millis()).isGreaterThan(45);
    assertThat(rolledBack.failedCheck().stable().latencyP99Millis()).isLessThan(3);
  }

  @Test
  void tooFewRequestsExtendTheWindowInsteadOfJudgingIt() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);
    feed.measure(model, 1, sample(30, 0, 2));
    // 1 failing request per 200 ms: 5 per second, the window of 1 s needs 20 before a judgement.
    feed.measure(model, 2, sample(1, 1, 2));

    ModelRolledBack rolledBack =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.events(model, ModelRolledBack.class), list -> !list.isEmpty())
            .get(0);
    assertThat(rolledBack.failedCheck().canary().requests()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void pausedRolloutHoldsItsStepUntilResumed() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);
    post(model, "pause", "{\"reason\":\"checking a dashboard\"}")
        .then()
        .statusCode(200)
        .body("paused", equalTo(true))
        .body("pausedBy", equalTo(TestTokens.ADMIN_SUBJECT));
    feed.measure(model, 1, sample(30, 0, 2));
    feed.measure(model, 2, sample(10, 0, 2));

    // Healthy windows of 1 s go by: a running rollout would have moved on within 2 s.
    await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(weights(model)).isEmpty();
    assertThat(routing.split(model))
        .hasValueSatisfying(s -> assertThat(s.candidatePercent()).isEqualTo(10));
    post(model, "pause", null).then().statusCode(409);

    post(model, "resume", null).then().statusCode(200).body("paused", equalTo(false));
    await().atMost(PATIENCE).until(() -> weights(model).contains(50));
  }

  @Test
  void abortByHandRollsBackWithTheCallersDecision() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);
    await().atMost(PATIENCE).until(() -> routing.split(model).isPresent());
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(SETOSA)
        .post("/v2/models/{m}/versions/2/infer", model)
        .then()
        .statusCode(200);
    assertThat(candidateMeters(model)).isNotEmpty();

    post(model, "abort", "{\"reason\":\"customer complaints\"}")
        .then()
        .statusCode(200)
        .body("action", equalTo("rolled_back"))
        .body("candidateVersion", equalTo(2));

    ModelRolledBack rolledBack =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.events(model, ModelRolledBack.class), list -> !list.isEmpty())
            .get(0);
    assertThat(rolledBack.decision())
        .isEqualTo(new ManualDecision(TestTokens.ADMIN_SUBJECT, "customer complaints"));
    assertThat(rolledBack.failedCheck()).isNull();
    assertThat(routing.split(model)).isEmpty();
    post(model, "abort", null).then().statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/rollouts/{m}", model)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("ABORTED"))
        .body("endedBy", equalTo(TestTokens.ADMIN_SUBJECT))
        .body("reason", equalTo("aborted by " + TestTokens.ADMIN_SUBJECT + ": customer complaints"))
        .body("failedCheck", nullValue());
    // The rolled back version closed here: its counters and meters went with it.
    await().atMost(PATIENCE).until(() -> candidateMeters(model).isEmpty());
  }

  private List<Meter> candidateMeters(String model) {
    return List.copyOf(
        meters.find("sluice.gateway.requests").tags("model", model, "version", "2").meters());
  }

  @Test
  void promoteByHandServesTheCandidateNow() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);

    post(model, "promote", null).then().statusCode(200).body("action", equalTo("promoted"));

    await()
        .atMost(PATIENCE)
        .until(() -> ModelEvents.promoted(bus, model).stream().anyMatch(p -> p.version() == 2));
    assertThat(servedVersion(model)).isEqualTo(2);
    assertThat(routing.split(model)).isEmpty();
  }

  @Test
  void serveRequestedRollbackRestoresTheOlderVersionAndEndsTheRollout() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);
    post(model, "promote", null).then().statusCode(200);
    await().atMost(PATIENCE).until(() -> servedVersion(model) == 2);
    ModelEvaluated v1 = approved(model, 1);

    bus.send(
        ModelEvents.first(
            model,
            new ModelServeRequested(
                model,
                1,
                v1.artifact(),
                v1.signature(),
                ServeAction.ROLLBACK,
                new ManualDecision("alice", "v2 misclassifies virginica"))));

    ModelRolledBack rolledBack =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.events(model, ModelRolledBack.class), list -> !list.isEmpty())
            .get(0);
    assertThat(rolledBack.version()).isEqualTo(2);
    assertThat(rolledBack.restoredVersion()).isEqualTo(1);
    assertThat(rolledBack.decision().by()).isEqualTo("alice");
    assertThat(servedVersion(model)).isEqualTo(1);
  }

  @Test
  void rejectionByAPersonRollsBackTheVersionInRollout() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);

    bus.send(
        ModelEvents.first(
            model,
            Evaluations.decidedBy(
                approved(model, 2), Verdict.REJECTED, new ManualDecision("bob", "leaks PII"))));

    ModelRolledBack rolledBack =
        await()
            .atMost(PATIENCE)
            .until(() -> bus.events(model, ModelRolledBack.class), list -> !list.isEmpty())
            .get(0);
    assertThat(rolledBack.decision().by()).isEqualTo("bob");
    assertThat(rolledBack.reason()).isEqualTo("rejected by bob: leaks PII");
    await().atMost(PATIENCE).until(() -> routing.split(model).isEmpty());
  }

  @Test
  void newerApprovedVersionReplacesTheRolloutInFlight() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);

    bus.send(ModelEvents.first(model, Evaluations.withRollout(approved(model, 3), CANARY)));

    await().atMost(PATIENCE).until(() -> bus.events(model, RolloutStarted.class).size() == 2);
    ModelRolledBack replaced = bus.events(model, ModelRolledBack.class).get(0);
    assertThat(replaced.version()).isEqualTo(2);
    assertThat(replaced.reason()).isEqualTo("replaced by v3, approved meanwhile");
    await()
        .atMost(PATIENCE)
        .until(() -> routing.split(model).map(s -> s.candidateVersion() == 3).orElse(false));
  }

  @Test
  void restRefusesUnknownRolloutsBadBodiesAndNamesTheProblem() {
    String model = uniqueModel();
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/rollouts/{m}", model)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", startsWith("no rollout of " + model));
    post(model, "pause", "{\"reason\":\"x\",\"reason\":\"y\"}").then().statusCode(400);
    post(model, "pause", "{\"reasn\":\"x\"}")
        .then()
        .statusCode(400)
        .body("detail", startsWith("unknown field 'reasn'"));
    post(model, "pause", "[1]").then().statusCode(400);
    post(model, "pause", "{\"reason\":\"a\\nforged log line\"}").then().statusCode(400);
    post(model, "pause", "{\"reason\":\"" + "x".repeat(501) + "\"}").then().statusCode(400);
    post(model, "pause", "{\"reason\":\"" + "x".repeat(9000) + "\"}").then().statusCode(400);
    post(model, "pause", "{\"reason\":7}").then().statusCode(400);
    post(model, "pause", "{\"reason\":\"fine\"}").then().statusCode(404);
    post("x".repeat(201), "pause", null).then().statusCode(400);
    given()
        .auth()
        .oauth2(TestTokens.withRoles(io.sluice.security.Roles.VIEWER))
        .post("/api/v1/rollouts/{m}/abort", model)
        .then()
        .statusCode(403);
  }

  @Test
  void listShowsTheRolloutWithItsStepsAndLastJudgement() {
    String model = uniqueModel();
    stableThenRollout(model, CANARY);
    post(model, "pause", null).then().statusCode(200);

    given()
        .auth()
        .oauth2(TestTokens.withRoles(io.sluice.security.Roles.VIEWER))
        .get("/api/v1/rollouts")
        .then()
        .statusCode(200)
        .body("items.find { it.model == '" + model + "' }.candidateVersion", equalTo(2))
        .body("items.find { it.model == '" + model + "' }.stableVersion", equalTo(1))
        .body("items.find { it.model == '" + model + "' }.steps.size()", equalTo(3))
        .body("items.find { it.model == '" + model + "' }.phase", equalTo("CANARY"));
  }

  private int servedVersion(String model) {
    return transactor.inTransaction(
        c -> served.find(c, model).map(r -> r.version().version()).orElse(0));
  }
}

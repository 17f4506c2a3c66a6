package io.sluice.registry;

import static io.sluice.registry.Candidates.promotion;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.ChampionAlias.awaitChampion;
import static io.sluice.registry.Requests.ALICE;
import static io.sluice.registry.Requests.alice;
import static io.sluice.registry.Requests.decide;
import static io.sluice.registry.Requests.rollback;
import static io.sluice.registry.Requests.version;
import static io.sluice.registry.ServingEvents.answering;
import static io.sluice.registry.ServingEvents.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.ModelServeRequested;
import io.sluice.events.ServeAction;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A person's decisions: each recorded with who and why, and announced once. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class DecisionsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestEventBus bus;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS, Topics.SERVING);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void approvalOverridesTheGateWithThePersonsWordAndKeepsTheGatesResults() {
    String model = uniqueModel();
    register(bus, failing(model));
    ModelEvaluated gate = awaitEvaluated(model, 1).get(0);
    assertThat(gate.verdict()).isEqualTo(Verdict.REJECTED);

    decide(model, 1, "approve", "accuracy is fine on the new labels")
        .then()
        .statusCode(202)
        .body("action", equalTo("APPROVE"))
        .body("decidedBy", equalTo(ALICE))
        .body("version", equalTo(1));

    ModelEvaluated approved = awaitEvaluated(model, 2).get(1);
    assertThat(approved.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(approved.decision())
        .isEqualTo(new ManualDecision(ALICE, "accuracy is fine on the new labels"));
    assertThat(approved.results()).isEqualTo(gate.results());
    assertThat(approved.reasons())
        .startsWith(gate.reasons().toArray(String[]::new))
        .endsWith("approved by alice: accuracy is fine on the new labels");
    assertThat(approved.artifact()).isEqualTo(gate.artifact());
    version(model, 1)
        .then()
        .statusCode(200)
        .body("decisions[0].action", equalTo("APPROVE"))
        .body("decisions[0].decidedBy", equalTo(ALICE))
        .body("decisions[0].reason", equalTo("accuracy is fine on the new labels"))
        .body("archived", equalTo(false));
  }

  @Test
  void rejectionEmitsARejectedEvaluationInThePersonsName() {
    String model = uniqueModel();
    register(bus, model, 1);

    decide(model, 1, "reject", "trained on the wrong week").then().statusCode(202);

    ModelEvaluated rejected = awaitEvaluated(model, 2).get(1);
    assertThat(rejected.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(rejected.decision())
        .isEqualTo(new ManualDecision(ALICE, "trained on the wrong week"));
    assertThat(rejected.reasons()).last().isEqualTo("rejected by alice: trained on the wrong week");
  }

  @Test
  void promotionByHandAsksTheGatewayAndNeedsAnApprovedVersion() {
    String model = uniqueModel();
    register(bus, failing(model));

    decide(model, 1, "promote", "ship it")
        .then()
        .statusCode(409)
        .body("detail", equalTo(model + " version 1 was rejected by the gate; approve it first"));
    decide(model, 1, "approve", "labels fixed").then().statusCode(202);
    decide(model, 1, "promote", "ship it").then().statusCode(202);

    ModelServeRequested requested = awaitServeRequested(model, 1).get(0);
    assertThat(requested.action()).isEqualTo(ServeAction.PROMOTE);
    assertThat(requested.version()).isEqualTo(1);
    assertThat(requested.decision()).isEqualTo(new ManualDecision(ALICE, "ship it"));
  }

  @Test
  void rollbackRestoresTheChampionBeforeTheCurrentOneAndNamesThePerson() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 2);
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    bus.send(promotion(model, 2, 1, versions.get(1).artifact()));
    awaitChampion(model, 2);

    rollback(model, "{\"reason\": \"v2 mislabels setosa\"}")
        .then()
        .statusCode(202)
        .body("action", equalTo("ROLLBACK"))
        .body("version", equalTo(1));

    EventEnvelope<ModelServeRequested> requested = awaitServeRequestedEnvelopes(model, 1).get(0);
    assertThat(requested.data().action()).isEqualTo(ServeAction.ROLLBACK);
    assertThat(requested.data().version()).isEqualTo(1);
    // The gateway answers; the champion moves back in alice's name.
    bus.send(
        answering(
            requested,
            new ModelRolledBack(
                model, 2, 1, "rolled back by hand", null, requested.data().decision())));
    awaitChampion(model, 1);
    assertThat(AliasFollowingIT.history(model, "champion").getString("items[2].movedBy"))
        .isEqualTo(ALICE);
    // From v1 nothing earlier may serve again: v2 was taken back.
    rollback(model, "{\"reason\": \"again\"}")
        .then()
        .statusCode(409)
        .body("detail", containsString("no earlier champion"));
  }

  @Test
  void rollbackNeedsAChampionAndAVersionThatExists() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 1);

    rollback(model, "{\"reason\": \"bad\"}")
        .then()
        .statusCode(409)
        .body("detail", equalTo(model + " has no champion to roll back from"));
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    awaitChampion(model, 1);
    rollback(model, "{\"reason\": \"bad\"}").then().statusCode(409);
    rollback(model, "{\"reason\": \"bad\", \"toVersion\": 7}")
        .then()
        .statusCode(404)
        .body("detail", equalTo(model + " has no version 7"));
    rollback(model, "{\"reason\": \"bad\", \"toVersion\": 1}").then().statusCode(409);
    rollback("no-such-model", "{\"reason\": \"bad\"}").then().statusCode(404);
  }

  @Test
  void archivedVersionsTakeNoDecisionAndServingVersionsCannotBeArchived() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 2);
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    awaitChampion(model, 1);

    decide(model, 1, "archive", "old")
        .then()
        .statusCode(409)
        .body("detail", containsString("is named by [champion]"));
    decide(model, 2, "archive", "superseded").then().statusCode(202);

    version(model, 2).then().body("archived", equalTo(true));
    for (String action : List.of("approve", "reject", "promote")) {
      decide(model, 2, action, "try")
          .then()
          .statusCode(409)
          .body("detail", equalTo(model + " version 2 is archived"));
    }
    decide(model, 2, "archive", "once more").then().statusCode(409);
    alice()
        .contentType("application/json")
        .body("{\"version\": 2, \"reason\": \"pin\"}")
        .put("/api/v1/models/{name}/aliases/staging", model)
        .then()
        .statusCode(409);
    decide(model, 9, "archive", "x").then().statusCode(404);
  }

  @Test
  void aRepeatedIdenticalDecisionAnswersTheFirstAndEmitsOnce() {
    String model = uniqueModel();
    register(bus, model, 1);

    long id =
        decide(model, 1, "reject", "double click")
            .then()
            .statusCode(202)
            .extract()
            .jsonPath()
            .getLong("id");
    decide(model, 1, "reject", "double click").then().statusCode(200).body("id", equalTo((int) id));
    // A different decision behind it: once its event is out, the repeat's would have been too.
    decide(model, 1, "approve", "on second thought").then().statusCode(202);

    List<ModelEvaluated> evaluated = awaitEvaluated(model, 3);
    assertThat(evaluated)
        .extracting(ModelEvaluated::verdict)
        .containsExactly(Verdict.APPROVED, Verdict.REJECTED, Verdict.APPROVED);
    version(model, 1).then().body("decisions.size()", equalTo(2));
  }

  @Test
  void anIdempotencyKeyReplaysItsDecisionAndServesNoOtherRequest() {
    String model = uniqueModel();
    register(bus, model, 1);

    int id =
        keyed("k-1", "{\"reason\": \"first\"}", model).then().statusCode(202).extract().path("id");
    keyed("k-1", "{\"reason\": \"first\"}", model).then().statusCode(200).body("id", equalTo(id));
    keyed("k-1", "{\"reason\": \"other\"}", model)
        .then()
        .statusCode(409)
        .body("detail", containsString("Idempotency-Key was already used"));
    keyed("k-2", "{\"reason\": \"first\"}", model).then().statusCode(202);

    version(model, 1).then().body("decisions.size()", equalTo(2));
  }

  @Test
  void onlyApproversDecide() {
    String model = uniqueModel();
    register(bus, model, 1);

    for (String role : List.of(Roles.VIEWER, Roles.ML_ENGINEER, Roles.DATA_ENGINEER)) {
      Requests.as("bob", role)
          .contentType("application/json")
          .body("{\"reason\": \"x\"}")
          .post("/api/v1/models/{name}/versions/1/approve", model)
          .then()
          .statusCode(403);
    }
    Requests.as("root", Roles.ADMIN)
        .contentType("application/json")
        .body("{\"reason\": \"admin may\"}")
        .post("/api/v1/models/{name}/versions/1/approve", model)
        .then()
        .statusCode(202);
    version(model, 1).then().body("decisions.size()", equalTo(1));
  }

  @Test
  void malformedOversizedAndHostileRequestsAreRefusedAndRecordNothing() {
    String model = uniqueModel();
    register(bus, model, 1);
    Map<String, String> bodies =
        Map.ofEntries(
            Map.entry("", "the body must be a JSON object"),
            Map.entry("[]", "the body must be a JSON object"),
            Map.entry("{}", "reason is required"),
            Map.entry("{\"reason\": \"  \"}", "reason is required"),
            Map.entry("{\"reason\": 5}", "reason is required"),
            Map.entry("{\"reason\": \"a\\u0000b\"}", "control characters"),
            Map.entry("{\"reason\": \"forged\\nINFO line\"}", "control characters"),
            Map.entry("{\"reason\": \"" + "x".repeat(1001) + "\"}", "at most 1000 characters"),
            Map.entry("{\"reason\": \"" + "x".repeat(1 << 20) + "\"}", "at most 16384 bytes"),
            Map.entry("{\"reason\": \"a\", \"reason\": \"b\"}", "Duplicate field"),
            Map.entry("{\"reason\": \"a\", \"force\": true}", "unknown field 'force'"),
            Map.entry("{\"reason\": \"a\"", "not valid JSON"),
            Map.entry("{\"reason\": \"a\"} {}", "not valid JSON"));
    bodies.forEach(
        (body, detail) ->
            alice()
                .contentType("application/json")
                .body(body)
                .post("/api/v1/models/{name}/versions/1/approve", model)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString(detail)));
    for (String toVersion : List.of("\"1\"", "0", "-1", "1.5", "99999999999", "true")) {
      rollback(model, "{\"reason\": \"a\", \"toVersion\": " + toVersion + "}")
          .then()
          .statusCode(400)
          .body("detail", containsString("toVersion must be a version number"));
    }
    for (String key : List.of("has space", "x".repeat(201), "\u00e9t\u00e9")) {
      keyed(key, "{\"reason\": \"a\"}", model).then().statusCode(400);
    }
    decide(model, 1, "approve", "ok").then().statusCode(202); // the model still takes decisions
    alice()
        .contentType("application/json")
        .body("{\"reason\": \"a\"}")
        .post("/api/v1/models/{name}/versions/{v}/approve", model, "1x")
        .then()
        .statusCode(400);
    alice()
        .contentType("application/json")
        .body("{\"reason\": \"a\"}")
        .post("/api/v1/models/{name}/versions/1/approve", "Not A Model")
        .then()
        .statusCode(400);

    version(model, 1).then().body("decisions.size()", equalTo(1));
  }

  private static io.restassured.response.Response keyed(String key, String body, String model) {
    return alice()
        .header("Idempotency-Key", key)
        .contentType("application/json")
        .body(body)
        .post("/api/v1/models/{name}/versions/1/reject", model);
  }

  private static ModelCandidate failing(String model) {
    return Candidates.candidate(
        model,
        Candidates.uniqueRun(),
        Map.of("accuracy", 0.5, "log_loss", 0.08),
        Candidates.IRIS_GATE);
  }

  private static List<ModelEvaluated> awaitEvaluated(String model, int count) {
    await().atMost(WAIT).until(() -> bus.events(model, ModelEvaluated.class).size() >= count);
    return bus.events(model, ModelEvaluated.class);
  }

  private static List<ModelServeRequested> awaitServeRequested(String model, int count) {
    return awaitServeRequestedEnvelopes(model, count).stream().map(EventEnvelope::data).toList();
  }

  private static List<EventEnvelope<ModelServeRequested>> awaitServeRequestedEnvelopes(
      String model, int count) {
    await()
        .atMost(WAIT)
        .until(() -> bus.envelopes(model, ModelServeRequested.class).size() >= count);
    return bus.envelopes(model, ModelServeRequested.class);
  }
}

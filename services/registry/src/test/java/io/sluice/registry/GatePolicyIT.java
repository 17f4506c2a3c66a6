package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.candidate;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.RuleOrigin;
import io.sluice.events.RuleResult;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry's minimum gate policy over REST and Kafka: an approver sets it, every candidate of
 * the model must pass it on top of its pipeline's gate, and a weak pipeline gate cannot lower it.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class GatePolicyIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ACCURACY_090 =
      "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 0.9}]}";
  private static final List<GateRule> WEAK_PIPELINE_GATE =
      List.of(new GateRule("accuracy", 0.5, null));
  private static TestEventBus bus;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  /** The token each call sends: an approver's, named by {@link #actingAs}. */
  private static String token;

  @BeforeEach
  void asAnApprover() {
    actingAs("test-approver");
  }

  @Test
  void anonymousCallerCanNeitherSetNorReadThePolicy() {
    String model = uniqueModel();

    given()
        .contentType("application/json")
        .body(ACCURACY_090)
        .put("/api/v1/models/{name}/gate-policy", model)
        .then()
        .statusCode(401);
    given().get("/api/v1/models/{name}/gate-policy", model).then().statusCode(401);
    given().get("/api/v1/models/{name}/gate-policy/history", model).then().statusCode(401);
  }

  @Test
  void aViewerMayReadThePolicyButNotSetIt() {
    String model = uniqueModel();
    put(model, ACCURACY_090).statusCode(200);
    token = TestTokens.forSubject("vera", Roles.VIEWER);

    put(model, "{\"rules\": []}").statusCode(403).contentType("application/problem+json");
    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/models/{name}/gate-policy", model)
        .then()
        .statusCode(200)
        .body("setBy", org.hamcrest.Matchers.equalTo("test-approver"));
  }

  @Test
  void approverSetsAPolicyBeforeAnyVersionAndItShowsWhoSetIt() {
    actingAs("alice");
    String model = uniqueModel();

    JsonPath stored = put(model, ACCURACY_090).statusCode(200).extract().jsonPath();
    JsonPath read =
        given()
            .auth()
            .oauth2(token)
            .get("/api/v1/models/{name}/gate-policy", model)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(stored.getInt("revision")).isEqualTo(1);
    assertThat(read.getString("modelName")).isEqualTo(model);
    assertThat(read.getInt("revision")).isEqualTo(1);
    assertThat(read.getString("setBy")).isEqualTo("alice");
    assertThat(read.getString("setAt")).isNotBlank();
    assertThat(read.getList("rules.metric")).containsExactly("accuracy");
    assertThat(read.getList("rules.min", Double.class)).containsExactly(0.9);
  }

  @Test
  void candidateThatPassesItsPipelineGateButNotTheMinimumIsRejected() throws Exception {
    actingAs("alice");
    String model = uniqueModel();
    put(model, ACCURACY_090).statusCode(200);

    bus.send(
        candidateEvent(candidate(model, uniqueRun(), Map.of("accuracy", 0.8), WEAK_PIPELINE_GATE)));
    ModelEvaluated evaluated = awaitEvaluated(model, 1);

    assertThat(evaluated.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(evaluated.gate()).isEqualTo(WEAK_PIPELINE_GATE);
    assertThat(evaluated.results())
        .containsExactly(
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.5, 0.8, true),
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.9, 0.8, false, RuleOrigin.REGISTRY));
    assertThat(evaluated.reasons())
        .containsExactly("registry minimum r1: metric 'accuracy' = 0.8 fails >= 0.9");

    JsonPath version = versionView(model, 1);
    assertThat(version.getString("verdict")).isEqualTo("REJECTED");
    assertThat(version.getInt("gatePolicy.revision")).isEqualTo(1);
    assertThat(version.getString("gatePolicy.setBy")).isEqualTo("alice");
    assertThat(version.getList("results.origin")).containsExactly(null, "REGISTRY");
  }

  @Test
  void candidateThatPassesBothItsPipelineGateAndTheMinimumIsApproved() throws Exception {
    actingAs("bob");
    String model = uniqueModel();
    put(model, ACCURACY_090).statusCode(200);

    bus.send(
        candidateEvent(
            candidate(model, uniqueRun(), Map.of("accuracy", 0.95), WEAK_PIPELINE_GATE)));
    ModelEvaluated evaluated = awaitEvaluated(model, 1);

    assertThat(evaluated.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(evaluated.results()).hasSize(2).allMatch(RuleResult::passed);
    assertThat(evaluated.reasons())
        .contains("registry minimum r1: metric 'accuracy' = 0.95 meets >= 0.9");
    assertThat(versionView(model, 1).getString("gatePolicy.setBy")).isEqualTo("bob");
  }

  @Test
  void minimumOnAMetricTheCandidateDoesNotReportRejectsIt() throws Exception {
    String model = uniqueModel();
    put(model, "{\"rules\": [{\"metric\": \"f1_macro\", \"min\": 0.8}]}").statusCode(200);

    bus.send(
        candidateEvent(
            candidate(model, uniqueRun(), Map.of("accuracy", 0.99), WEAK_PIPELINE_GATE)));
    ModelEvaluated evaluated = awaitEvaluated(model, 1);

    assertThat(evaluated.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(evaluated.reasons())
        .containsExactly("registry minimum r1: metric 'f1_macro' was not reported (needs >= 0.8)");
  }

  @Test
  void everyChangeIsARevisionWithWhoMadeItAndTheLatestApplies() throws Exception {
    String model = uniqueModel();
    actingAs("alice");
    put(model, ACCURACY_090).statusCode(200);
    actingAs("carol");
    put(model, "{\"rules\": []}").statusCode(200);

    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/models/{name}/gate-policy", model)
        .then()
        .statusCode(200)
        .body("revision", equalTo(2))
        .body("setBy", equalTo("carol"));
    JsonPath history =
        given()
            .auth()
            .oauth2(token)
            .get("/api/v1/models/{name}/gate-policy/history", model)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(history.getList("items.revision")).containsExactly(1, 2);
    assertThat(history.getList("items.setBy")).containsExactly("alice", "carol");
    assertThat(history.getList("items[0].rules.metric")).containsExactly("accuracy");

    bus.send(
        candidateEvent(candidate(model, uniqueRun(), Map.of("accuracy", 0.8), WEAK_PIPELINE_GATE)));
    assertThat(awaitEvaluated(model, 1).verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(versionView(model, 1).getInt("gatePolicy.revision")).isEqualTo(2);
  }

  @Test
  void modelWithoutAPolicyHas404AndAnEmptyHistory() {
    String model = uniqueModel();

    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/models/{name}/gate-policy", model)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo(model + " has no gate policy"));
    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/models/{name}/gate-policy/history", model)
        .then()
        .statusCode(200)
        .body("items.size()", equalTo(0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 0.9}], \"extra\": 1}",
        "{\"rules\": [{\"metric\": \"accuracy\", \"mni\": 0.9}]}",
        "{\"rules\": [{\"metric\": \"accuracy\", \"min\": \"0.9\"}]}",
        "{\"rules\": [{\"metric\": \"accuracy\", \"min\": NaN}]}",
        "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 1e999}]}",
        "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 0.9, \"min\": 0.1}]}",
        "{\"rules\": [{\"metric\": \"\", \"min\": 0.9}]}",
        "{\"rules\": [{\"metric\": \"accuracy\"}]}",
        "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 0.9}, {\"metric\": \"accuracy\", \"max\": 1}]}",
        "{\"rules\": {\"metric\": \"accuracy\", \"min\": 0.9}}",
        "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 0.9}]} trailing",
        "[]",
        ""
      })
  void badBodyIsA400ProblemAndLeavesThePolicyAsItWas(String body) {
    String model = uniqueModel();
    put(model, ACCURACY_090).statusCode(200);

    put(model, body)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400));

    given()
        .auth()
        .oauth2(token)
        .get("/api/v1/models/{name}/gate-policy", model)
        .then()
        .statusCode(200)
        .body("revision", equalTo(1));
  }

  @Test
  void oversizedBodyIsA400Problem() {
    String padding = " ".repeat(70 * 1024);

    put(uniqueModel(), "{\"rules\": []" + padding + "}")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("at most 65536 bytes"));
  }

  @Test
  void hostileModelNameIsRefusedBeforeAnythingIsStored() {
    given()
        .auth()
        .oauth2(token)
        .urlEncodingEnabled(false)
        .contentType("application/json")
        .body(ACCURACY_090)
        .put("/api/v1/models/..%2Fadmin/gate-policy")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("is not a model name"));
  }

  @Test
  void bodyThatIsNotJsonIsRefusedAsUnsupported() {
    given()
        .auth()
        .oauth2(token)
        .contentType("text/plain")
        .body(ACCURACY_090)
        .put("/api/v1/models/{name}/gate-policy", uniqueModel())
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
  }

  private static io.restassured.response.ValidatableResponse put(String model, String body) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(body)
        .put("/api/v1/models/{name}/gate-policy", model)
        .then();
  }

  private static JsonPath versionView(String model, int version) {
    return given()
        .auth()
        .oauth2(token)
        .get("/api/v1/models/{name}/versions/{version}", model, version)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** The calls that follow send an approver's token naming {@code subject}. */
  private static void actingAs(String subject) {
    token = TestTokens.forSubject(subject, Roles.APPROVER);
  }

  private static ModelEvaluated awaitEvaluated(String model, int version) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                bus.events(model, ModelEvaluated.class).stream()
                    .filter(e -> e.version() == version)
                    .findFirst(),
            found -> found.isPresent())
        .orElseThrow();
  }
}

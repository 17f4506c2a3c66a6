package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.candidate;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.passing;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.GateRule;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelRegistered;
import io.sluice.events.ObjectRef;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read API over registered versions, and how it refuses what it cannot answer. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ModelResourceIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestEventBus bus;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void versionShowsVerdictRuleResultsAndLineage() throws Exception {
    String model = uniqueModel();
    List<GateRule> gate = List.of(new GateRule("accuracy", 0.99, null));
    ModelCandidate candidate = candidate(model, uniqueRun(), Map.of("accuracy", 0.9), gate);
    register(candidate);

    JsonPath body =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/api/v1/models/{name}/versions/1", model)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(body.getString("verdict")).isEqualTo("REJECTED");
    assertThat(body.getString("runId")).isEqualTo(candidate.runId());
    assertThat(body.getString("artifact.sha256")).isEqualTo(candidate.artifact().sha256());
    assertThat(body.getList("results.comparison")).containsExactly("AT_LEAST");
    assertThat(body.getList("results.passed")).containsExactly(false);
    assertThat(body.getList("reasons", String.class))
        .containsExactly("metric 'accuracy' = 0.9 fails >= 0.99");
    assertThat(body.getString("lineage.pipelineVersion"))
        .isEqualTo(candidate.lineage().pipelineVersion());
    assertThat(body.getList("signature.classNames")).hasSize(3);
    assertThat(body.getList("aliases")).isEmpty();
  }

  @Test
  void lineageReachesTheRawObjectsWithTheirETags() throws Exception {
    String model = uniqueModel();
    ModelCandidate candidate = passing(model, uniqueRun());
    register(candidate);

    JsonPath lineage =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .get("/api/v1/models/{name}/versions/1/lineage", model)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    List<ObjectRef> objects = candidate.lineage().datasetObjects();
    assertThat(lineage.getList("dataset.objects.eTag"))
        .containsExactly(objects.get(0).eTag(), objects.get(1).eTag());
    assertThat(lineage.getList("dataset.objects.key"))
        .containsExactly(objects.get(0).key(), objects.get(1).key());
    assertThat(lineage.getList("dataset.objects.sha256"))
        .containsExactly(objects.get(0).sha256(), objects.get(1).sha256());
    assertThat(lineage.getString("dataset.version"))
        .isEqualTo(candidate.lineage().datasetVersion());
    assertThat(lineage.getString("pipeline.specHash"))
        .isEqualTo(candidate.lineage().pipelineVersion());
    assertThat(lineage.getString("run.id")).isEqualTo(candidate.runId());
    assertThat(lineage.getString("model.artifactSha256")).isEqualTo(candidate.artifact().sha256());
    assertThat(lineage.getList("steps.image")).containsExactly("ghcr.io/acme/iris-train:1.4");
    assertThat(lineage.getList("steps[0].argv")).containsExactly("train", "--epochs", "200");
    assertThat(lineage.getMap("steps[0].outputHashes"))
        .isEqualTo(candidate.lineage().steps().get(0).outputHashes());
  }

  @Test
  void versionsArePagedOldestFirst() throws Exception {
    String model = uniqueModel();
    for (int i = 0; i < 3; i++) {
      register(passing(model, uniqueRun()));
    }

    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/versions?limit=2", model)
        .then()
        .statusCode(200)
        .body("items.version", contains(1, 2))
        .body("next", equalTo(2));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/versions?limit=2&after=2", model)
        .then()
        .statusCode(200)
        .body("items.version", contains(3))
        .body("next", nullValue());
  }

  @Test
  void modelListShowsLatestVersionAndChampion() throws Exception {
    String model = uniqueModel();
    ModelCandidate first = passing(model, uniqueRun());
    register(first);
    register(passing(model, uniqueRun()));
    bus.send(Candidates.promotion(model, 1, null, first.artifact()));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .get("/api/v1/models?limit=100&after={before}", model.substring(0, 5))
                    .then()
                    .statusCode(200)
                    .body(
                        "items",
                        hasItem(Map.of("name", model, "latestVersion", 2, "champion", 1))));
  }

  @Test
  void unknownModelAndVersionAre404Problems() throws Exception {
    String model = uniqueModel();
    register(passing(model, uniqueRun()));

    problem("/api/v1/models/" + model + "/versions/2", 404, model + " has no version 2");
    problem("/api/v1/models/" + model + "/versions/0", 404, model + " has no version 0");
    problem("/api/v1/models/never-registered/versions/1", 404, "no model named never-registered");
    problem("/api/v1/models/never-registered/versions", 404, "no model named never-registered");
    problem("/api/v1/models/never-registered/aliases/champion", 404, "no model named");
    problem("/api/v1/models/" + model + "/versions/9/lineage", 404, "has no version 9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "1.5", "-1", "1e3", "99999999999", "%20"})
  void nonNumericVersionIs400(String version) {
    problem("/api/v1/models/some-model/versions/" + version, 400, "is not a version number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..%2F..%2Fetc%2Fpasswd", "Upper", "%3Cscript%3E", "semi%3Bcolon"})
  void hostileModelNameIs400(String name) {
    problem("/api/v1/models/" + name + "/versions", 400, "is not a model name");
  }

  @Test
  void dotDotSegmentsAreResolvedBeforeRoutingAndReachNothing() {
    problem("/api/v1/models/../../../etc/passwd", 404, "");
    problem("/api/v1/models/../versions", 404, "");
  }

  @Test
  void veryLongModelNameIsRefusedWithoutEchoingIt() {
    String name = "a".repeat(3_000);

    String detail =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .urlEncodingEnabled(false)
            .get("/api/v1/models/" + name + "/versions/1")
            .then()
            .statusCode(400)
            .extract()
            .jsonPath()
            .getString("detail");

    assertThat(detail).hasSizeLessThan(100);
  }

  @Test
  void badPagingParametersAre400() {
    problem("/api/v1/models?limit=0", 400, "limit must be");
    problem("/api/v1/models?limit=abc", 400, "limit must be");
    problem("/api/v1/models?limit=100000", 400, "limit must be");
    problem("/api/v1/models/some-model/versions?after=x", 400, "is not a version number");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/models?after=a%00b",
        "/api/v1/models?limit=1%00",
        "/api/v1/models/some-model/aliases/a%00b",
        "/api/v1/models/some-model/versions?after=1%0A",
        "/api/v1/models/caf%C3%28/versions",
        "/api/v1/models/bad%00name/versions",
        "/api/v1/models/line%0Abreak/versions",
        "/api/v1/models/some-model/versions/1%00"
      })
  void controlCharactersAndBadEncodingInTheUrlAre400(String url) {
    // HostileInputFilter answers before PathInput sees the value.
    problem(url, 400, "");
  }

  private static void problem(String path, int status, String detail) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .urlEncodingEnabled(false)
        .get(path)
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("detail", containsString(detail));
  }

  private static void register(ModelCandidate candidate) throws Exception {
    String model = candidate.modelName();
    bus.send(candidateEvent(candidate));
    await()
        .atMost(WAIT)
        .until(
            () ->
                bus.events(model, ModelRegistered.class).stream()
                    .anyMatch(r -> r.runId().equals(candidate.runId())));
  }
}

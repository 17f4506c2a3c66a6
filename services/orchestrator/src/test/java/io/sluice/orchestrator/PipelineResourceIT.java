package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sluice.events.EventEnvelope;
import io.sluice.events.Topics;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registering pipelines over REST: versions by content, refusals as problem details. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class PipelineResourceIT {

  static {
    // RestAssured sends YAML bodies as text only when told to.
    io.restassured.RestAssured.config =
        io.restassured.RestAssured.config()
            .encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig()
                    .encodeContentTypeAs("application/yaml", io.restassured.http.ContentType.TEXT)
                    .encodeContentTypeAs("text/yaml", io.restassured.http.ContentType.TEXT));
  }

  private static String spec(String name) {
    return """
        name: %s
        trigger: {dataset: %s-data}
        params: {seed: 7}
        steps:
          - name: split
            image: img:1
            command: [split, "{{inputs.data}}", "{{outputs.train}}", "{{params.seed}}"]
            inputs: {data: dataset}
            outputs: [train]
        """
        .formatted(name, name);
  }

  private static String unique() {
    return "p-" + IrisDrops.randomSha256().substring(0, 10);
  }

  @Test
  void registersAndReRegistersTheSameSpecAsANoOp() {
    String name = unique();
    String version =
        register(spec(name))
            .statusCode(201)
            .body("version", matchesPattern("[0-9a-f]{64}"))
            .extract()
            .path("version");
    String reformatted =
        "# same thing\n"
            + spec(name).replace("params: {seed: 7}", "params:\n  seed:   7   # default");
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("text/yaml")
        .body(reformatted)
        .post("/api/v1/pipelines")
        .then()
        .statusCode(200)
        .body("version", equalTo(version));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/" + name)
        .then()
        .statusCode(200)
        .body("version", equalTo(version))
        .body("spec.steps[0].name", equalTo("split"))
        .body("source", containsString("seed: 7"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines")
        .then()
        .statusCode(200)
        .body("name", hasItem(name));
  }

  @Test
  void aChangedSpecIsANewLatestVersion() {
    String name = unique();
    register(spec(name)).statusCode(201);
    String second =
        register(spec(name).replace("seed: 7", "seed: 8"))
            .statusCode(201)
            .extract()
            .path("version");
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/" + name)
        .then()
        .body("version", equalTo(second));
  }

  @Test
  void theVersionRecordsWhoRegisteredItAndWhoMadeItLatestAgain() {
    String name = unique();
    String first = registerAs("ada", spec(name), 201);
    registerAs("bo", spec(name).replace("seed: 7", "seed: 8"), 201);
    registerAs("cy", spec(name), 200);

    given()
        .auth()
        .oauth2(TestTokens.withRoles(Roles.VIEWER))
        .get("/api/v1/pipelines/" + name)
        .then()
        .statusCode(200)
        .body("version", equalTo(first))
        .body("registeredBy", equalTo("ada"))
        .body("activatedBy", equalTo("cy"));
  }

  /** Posts a spec as an admin. */
  private static ValidatableResponse register(String yaml) {
    return register(yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** Posts raw bytes as a spec, as an admin (for encoding tests). */
  private static ValidatableResponse register(byte[] yaml) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/yaml")
        .body(yaml)
        .post("/api/v1/pipelines")
        .then();
  }

  private static String registerAs(String subject, String yaml, int status) {
    return given()
        .auth()
        .oauth2(TestTokens.forSubject(subject, Roles.ML_ENGINEER))
        .contentType("application/yaml")
        .body(yaml)
        .post("/api/v1/pipelines")
        .then()
        .statusCode(status)
        .extract()
        .path("version");
  }

  @Test
  void refusesAnInvalidSpecWithTheLineAsAProblem() {
    register(spec(unique()).replace("{{params.seed}}", "{{params.nope}}"))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("line", equalTo(7))
        .body("detail", containsString("no param 'nope'"));
  }

  @Test
  void refusesAStepImageOutsideTheAllowListNamingStepImageAndLine() {
    String name = unique();
    String twoSteps =
        spec(name)
            + """
              - name: train
                image: registry.evil.example/miner:1
                command: [train, "{{inputs.train}}"]
                inputs: {train: split.train}
            """;

    register(twoSteps)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("line", equalTo(11))
        .body("detail", containsString("step 'train' image 'registry.evil.example/miner:1'"))
        .body("detail", containsString("registry.evil.example/miner is not on the allow-list"))
        .body("detail", containsString("sluice.images.allowed"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/" + name)
        .then()
        .statusCode(404);
  }

  @Test
  void refusesALookAlikeAndAMalformedImage() {
    register(spec(unique()).replace("image: img:1", "image: ghcr.io/sluice.evil.com/steps:1"))
        .statusCode(400)
        .body("line", equalTo(6))
        .body("detail", containsString("ghcr.io/sluice.evil.com/steps is not on the allow-list"));
    register(spec(unique()).replace("image: img:1", "image: ghcr.io/sluice/../evil:1"))
        .statusCode(400)
        .body("line", equalTo(6))
        .body("detail", containsString("not a valid image reference"));
  }

  @Test
  void refusesABadRetryBackoffWithTheLineAsAProblem() {
    register(spec(unique()) + "    retries: 2\n    retryBackoff: {initial: 1m, max: 10s}\n")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("line", equalTo(11))
        .body("detail", containsString("max (10s) must not be below initial (60s)"));
  }

  @Test
  void aRetryBackoffIsPartOfTheRegisteredSpec() {
    String name = unique();
    register(spec(name) + "    retries: 2\n    retryBackoff: {initial: 1m}\n").statusCode(201);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/" + name)
        .then()
        .statusCode(200)
        .body("spec.steps[0].retryBackoff.initialSeconds", equalTo(60))
        .body("spec.steps[0].retryBackoff.factor", equalTo(2.0f))
        .body("spec.steps[0].retryBackoff.maxSeconds", equalTo(3600));
  }

  @Test
  void refusesASecretFileOutsideItsFolderWithTheLineAsAProblem() {
    register(spec(unique()) + "    secretRefs:\n      - {secret: db, key: pw, file: ../../etc/x}\n")
        .statusCode(400)
        .contentType("application/problem+json")
        .body("line", equalTo(11))
        .body("detail", containsString("must be a plain file name"));
  }

  @Test
  void secretReferencesArePartOfTheRegisteredSpec() {
    String name = unique();
    register(
            spec(name)
                + "    secretRefs:\n"
                + "      - {secret: db-creds, key: password, env: DB_PASSWORD}\n")
        .statusCode(201);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/" + name)
        .then()
        .statusCode(200)
        .body("spec.steps[0].secretRefs[0].secret", equalTo("db-creds"))
        .body("spec.steps[0].secretRefs[0].key", equalTo("password"))
        .body("spec.steps[0].secretRefs[0].env", equalTo("DB_PASSWORD"));
  }

  @Test
  void refusesMalformedYamlAndABomb() {
    register("name: [x\n").statusCode(400).body("detail", containsString("malformed YAML"));
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char level = 'b'; level <= 'h'; level++) {
      bomb.append(level)
          .append(": &")
          .append(level)
          .append(" [*")
          .append((char) (level - 1))
          .append(", *")
          .append((char) (level - 1))
          .append(", *")
          .append((char) (level - 1))
          .append(", *")
          .append((char) (level - 1))
          .append(", *")
          .append((char) (level - 1))
          .append("]\n");
    }
    register(bomb.toString()).statusCode(400).body("detail", containsString("YAML nodes"));
  }

  @Test
  void refusesAnOversizedBodyAndNonUtf8() {
    String huge = spec(unique()) + "#" + "x".repeat(300 * 1024);
    register(huge).statusCode(413).contentType("application/problem+json");
    register(new byte[] {'n', ':', ' ', (byte) 0xC3, (byte) 0x28})
        .statusCode(400)
        .body("detail", containsString("UTF-8"));
  }

  @Test
  void answersUnknownPipelinesAndRunsWithProblems() {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/pipelines/nope-" + unique())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().auth().oauth2(TestTokens.admin()).get("/api/v1/runs/not-a-uuid").then().statusCode(400);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/0190a0a0-0000-7000-8000-000000000000")
        .then()
        .statusCode(404);
    given().auth().oauth2(TestTokens.admin()).get("/api/v1/runs?limit=0").then().statusCode(400);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs?state=bogus")
        .then()
        .statusCode(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/pipelines/a%00b",
        "/api/v1/pipelines/line%0Abreak",
        "/api/v1/pipelines/a%C3%28",
        "/api/v1/runs?pipeline=a%00b",
        "/api/v1/runs?state=%00",
        "/api/v1/runs?cursor=%0A",
        "/api/v1/runs/a%00b",
      })
  void controlCharactersAndBadEncodingInTheUrlAreBadRequestProblems(String url) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .urlEncodingEnabled(false)
        .get(url)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "0", "201", "99999999999", "1.5", "1e2", "%2B5"})
  void aMalformedOrOutOfRangeLimitIsABadRequestNamingIt(String limit) {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .urlEncodingEnabled(false)
        .get("/api/v1/runs?limit=" + limit)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("limit must be"));
  }

  @Test
  void aTriggerDatasetWithNoArrivedVersionIsAcceptedWithAWarning() {
    String name = unique();
    register(spec(name))
        .statusCode(201)
        .body("warnings[0]", containsString("no version of dataset '" + name + "-data'"));
  }

  @Test
  void noWarningOnceAVersionOfTheTriggerDatasetHasArrived() {
    String name = unique();
    try (TestEventBus bus = TestEventBus.following(Topics.RUNS)) {
      String dataset = name + "-data";
      bus.send(EventEnvelope.first("ingest", dataset, null, IrisDrops.dataArrived(dataset)));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> register(spec(name)).body("warnings", nullValue()));
    }
  }
}

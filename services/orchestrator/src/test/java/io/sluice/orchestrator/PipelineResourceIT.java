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
import io.sluice.events.EventEnvelope;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
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
        given()
            .contentType("application/yaml")
            .body(spec(name))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .body("version", matchesPattern("[0-9a-f]{64}"))
            .extract()
            .path("version");
    String reformatted =
        "# same thing\n"
            + spec(name).replace("params: {seed: 7}", "params:\n  seed:   7   # default");
    given()
        .contentType("text/yaml")
        .body(reformatted)
        .post("/api/v1/pipelines")
        .then()
        .statusCode(200)
        .body("version", equalTo(version));
    given()
        .get("/api/v1/pipelines/" + name)
        .then()
        .statusCode(200)
        .body("version", equalTo(version))
        .body("spec.steps[0].name", equalTo("split"))
        .body("source", containsString("seed: 7"));
    given().get("/api/v1/pipelines").then().statusCode(200).body("name", hasItem(name));
  }

  @Test
  void aChangedSpecIsANewLatestVersion() {
    String name = unique();
    given()
        .contentType("application/yaml")
        .body(spec(name))
        .post("/api/v1/pipelines")
        .then()
        .statusCode(201);
    String second =
        given()
            .contentType("application/yaml")
            .body(spec(name).replace("seed: 7", "seed: 8"))
            .post("/api/v1/pipelines")
            .then()
            .statusCode(201)
            .extract()
            .path("version");
    given().get("/api/v1/pipelines/" + name).then().body("version", equalTo(second));
  }

  @Test
  void refusesAnInvalidSpecWithTheLineAsAProblem() {
    given()
        .contentType("application/yaml")
        .body(spec(unique()).replace("{{params.seed}}", "{{params.nope}}"))
        .post("/api/v1/pipelines")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("line", equalTo(7))
        .body("detail", containsString("no param 'nope'"));
  }

  @Test
  void refusesABadRetryBackoffWithTheLineAsAProblem() {
    given()
        .contentType("application/yaml")
        .body(spec(unique()) + "    retries: 2\n    retryBackoff: {initial: 1m, max: 10s}\n")
        .post("/api/v1/pipelines")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("line", equalTo(11))
        .body("detail", containsString("max (10s) must not be below initial (60s)"));
  }

  @Test
  void aRetryBackoffIsPartOfTheRegisteredSpec() {
    String name = unique();
    given()
        .contentType("application/yaml")
        .body(spec(name) + "    retries: 2\n    retryBackoff: {initial: 1m}\n")
        .post("/api/v1/pipelines")
        .then()
        .statusCode(201);
    given()
        .get("/api/v1/pipelines/" + name)
        .then()
        .statusCode(200)
        .body("spec.steps[0].retryBackoff.initialSeconds", equalTo(60))
        .body("spec.steps[0].retryBackoff.factor", equalTo(2.0f))
        .body("spec.steps[0].retryBackoff.maxSeconds", equalTo(3600));
  }

  @Test
  void refusesMalformedYamlAndABomb() {
    given()
        .contentType("application/yaml")
        .body("name: [x\n")
        .post("/api/v1/pipelines")
        .then()
        .statusCode(400)
        .body("detail", containsString("malformed YAML"));
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
    given()
        .contentType("application/yaml")
        .body(bomb.toString())
        .post("/api/v1/pipelines")
        .then()
        .statusCode(400)
        .body("detail", containsString("YAML nodes"));
  }

  @Test
  void refusesAnOversizedBodyAndNonUtf8() {
    String huge = spec(unique()) + "#" + "x".repeat(300 * 1024);
    given()
        .contentType("application/yaml")
        .body(huge)
        .post("/api/v1/pipelines")
        .then()
        .statusCode(413)
        .contentType("application/problem+json");
    given()
        .contentType("application/yaml")
        .body(new byte[] {'n', ':', ' ', (byte) 0xC3, (byte) 0x28})
        .post("/api/v1/pipelines")
        .then()
        .statusCode(400)
        .body("detail", containsString("UTF-8"));
  }

  @Test
  void answersUnknownPipelinesAndRunsWithProblems() {
    given()
        .get("/api/v1/pipelines/nope-" + unique())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().get("/api/v1/runs/not-a-uuid").then().statusCode(400);
    given().get("/api/v1/runs/0190a0a0-0000-7000-8000-000000000000").then().statusCode(404);
    given().get("/api/v1/runs?limit=0").then().statusCode(400);
    given().get("/api/v1/runs?state=bogus").then().statusCode(400);
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
    given()
        .contentType("application/yaml")
        .body(spec(name))
        .post("/api/v1/pipelines")
        .then()
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
          .untilAsserted(
              () ->
                  given()
                      .contentType("application/yaml")
                      .body(spec(name))
                      .post("/api/v1/pipelines")
                      .then()
                      .body("warnings", nullValue()));
    }
  }
}

package io.sluice.ingest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registering and reading datasets over REST, with RFC 9457 problems for refusals. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class DatasetResourceIT {

  private static String unique() {
    return "rest-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String definition(String name, String prefix, String extra) {
    return "{\"name\":\""
        + name
        + "\",\"bucket\":\"datasets\",\"prefix\":\""
        + prefix
        + "\""
        + extra
        + "}";
  }

  private static io.restassured.response.ValidatableResponse post(String body) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/v1/datasets")
        .then();
  }

  @Test
  void registersADatasetWithDefaultsAndShowsIt() {
    String name = unique();
    post(definition(name, name + "/", ""))
        .statusCode(201)
        .header("Location", containsString("/api/v1/datasets/" + name))
        .body("completion.rule", is("SUCCESS_MARKER"))
        .body("limits.maxObjects", is(1000));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/" + name)
        .then()
        .statusCode(200)
        .body("prefix", is(name + "/"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets")
        .then()
        .statusCode(200)
        .body("name", hasItem(name));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/" + name + "/versions")
        .then()
        .statusCode(200)
        .body("size()", is(0));
  }

  @Test
  void registeringTheSameDefinitionAgainIsANoOp() {
    String name = unique();
    String body = definition(name, name + "/", ",\"limits\":{\"maxRows\":10}");
    post(body).statusCode(201);
    post(body).statusCode(200).body("limits.maxRows", is(10));
  }

  @Test
  void aDifferentDefinitionUnderTheSameNameIsAConflict() {
    String name = unique();
    post(definition(name, name + "/", "")).statusCode(201);
    post(definition(
            name, name + "/", ",\"completion\":{\"rule\":\"QUIET_PERIOD\",\"quietSeconds\":5}"))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("status", is(409))
        .body("detail", containsString("different definition"));
  }

  @Test
  void overlappingPrefixesInOneBucketAreAConflict() {
    String name = unique();
    post(definition(name, name + "/", "")).statusCode(201);
    post(definition(unique(), name + "/sub/", ""))
        .statusCode(409)
        .body("detail", containsString("overlaps"));
  }

  @Test
  void invalidDefinitionsAreProblemsNamingTheField() {
    post(definition("Bad_Name", "x/", ""))
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("name"));
    post(definition(unique(), "../etc/", ""))
        .statusCode(400)
        .body("detail", containsString("prefix"));
    post(definition(unique(), "x/", ",\"limits\":{\"maxObjects\":0}"))
        .statusCode(400)
        .body("detail", containsString("limits.maxObjects"));
    post("{\"name\":").statusCode(400).body("detail", containsString("not valid JSON"));
  }

  @Test
  void oversizedBodiesAreRefused() {
    String padding = "x".repeat(70_000);
    post(definition(unique(), "x/", ",\"pad\":\"" + padding + "\"")).statusCode(413);
  }

  @Test
  void unknownDatasetsAreNotFoundProblems() {
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/nope-" + unique())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/datasets/nope-" + unique() + "/versions")
        .then()
        .statusCode(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/datasets/a%00b",
        "/api/v1/datasets/a%00b/versions",
        "/api/v1/datasets/line%0Abreak",
        "/api/v1/datasets/a%C3%28",
        "/api/v1/datasets?name=a%00b"
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
        .body("status", is(400));
  }

  @Test
  void aMalformedPercentEscapeIsABadRequest() throws IOException {
    // No HTTP client sends this; a raw request line does. The HTTP server refuses it (400 without
    // a body) before any filter runs; HostileInputFilter would refuse it too.
    String response = rawGet("/api/v1/datasets/a%zz");

    assertThat(response).startsWith("HTTP/1.1 400");
  }

  private static String rawGet(String target) throws IOException {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), US_ASCII);
    }
  }
}

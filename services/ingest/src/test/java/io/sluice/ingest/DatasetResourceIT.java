package io.sluice.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

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
}

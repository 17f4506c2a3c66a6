package io.sluice.registry;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.security.Roles;
import io.sluice.testkit.TestTokens;

/** REST calls of people steering the registry in tests. */
final class Requests {

  /** The approver most tests act as. */
  static final String ALICE = "alice";

  private Requests() {}

  static RequestSpecification as(String subject, String role) {
    return given().auth().oauth2(TestTokens.forSubject(subject, role));
  }

  static RequestSpecification alice() {
    return as(ALICE, Roles.APPROVER);
  }

  /** POSTs {@code {"reason": reason}} to {@code .../versions/{v}/{action}} as alice. */
  static Response decide(String model, int version, String action, String reason) {
    return alice()
        .contentType("application/json")
        .body("{\"reason\": \"" + reason + "\"}")
        .post("/api/v1/models/{name}/versions/{v}/{action}", model, version, action);
  }

  static Response rollback(String model, String body) {
    return alice()
        .contentType("application/json")
        .body(body)
        .post("/api/v1/models/{name}/rollback", model);
  }

  static Response version(String model, int version) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/versions/{v}", model, version);
  }
}

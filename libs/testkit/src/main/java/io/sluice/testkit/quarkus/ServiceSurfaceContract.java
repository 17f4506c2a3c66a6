package io.sluice.testkit.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;
import io.sluice.security.Roles;
import io.sluice.testkit.TestTokens;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What every Sluice service exposes, checked the same way for all five: liveness, readiness that
 * reflects Kafka and the database, Prometheus metrics, OpenAPI, and its Flyway-migrated schema
 * holding the eventing tables, and who may call what: every operation of the service's OpenAPI
 * document must have a rule in {@link #accessRules()} (a new endpoint without one fails the build)
 * and is called without a token (401), with a malformed token (401), with each role (403 unless the
 * role implies the rule's) and with the right roles (neither 401 nor 403). Health, metrics and
 * OpenAPI are called without a token throughout: they stay open for probes and scrapers. The
 * dead-letter endpoints every service has from libs/eventing are checked the same way. A service's
 * test extends it as a {@code @QuarkusTest} using {@code SluiceInfraResource}.
 */
public abstract class ServiceSurfaceContract {

  @Inject DataSource dataSource;

  /** What an endpoint needs when anyone may call it. */
  protected static final String OPEN = "(open)";

  /** The service's own database schema. */
  protected abstract String schema();

  /**
   * The least role each operation needs, keyed {@code "GET /api/v1/runs/{id}"} as the OpenAPI
   * document names paths, or {@link #OPEN}. The endpoints libs/eventing adds to every service are
   * in {@link #EVENTING_RULES} and need not be repeated.
   */
  protected abstract Map<String, String> accessRules();

  /** The dead-letter endpoints of libs/eventing, the same in every service. */
  protected static final Map<String, String> EVENTING_RULES =
      Map.of(
          "GET /api/v1/dead-letters", Roles.VIEWER,
          "GET /api/v1/dead-letters/{partition}/{offset}", Roles.VIEWER,
          "POST /api/v1/dead-letters/{partition}/{offset}/replay", Roles.ADMIN);

  private Map<String, String> allRules() {
    Map<String, String> rules = new HashMap<>(EVENTING_RULES);
    rules.putAll(accessRules());
    return rules;
  }

  @Test
  void everyEndpointHasAnAccessRuleAndEveryRuleAnEndpoint() throws Exception {
    assertEquals(
        new TreeSet<>(allRules().keySet()),
        new TreeSet<>(operations().stream().map(Operation::key).toList()),
        "access rules vs the operations of /q/openapi");
  }

  @TestFactory
  Stream<DynamicTest> everyEndpointAdmitsOnlyTheRolesItNeeds() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation operation : operations()) {
      String needed = allRules().get(operation.key());
      if (needed == null) {
        continue; // reported by everyEndpointHasAnAccessRuleAndEveryRuleAnEndpoint
      }
      tests.add(DynamicTest.dynamicTest(operation.key(), () -> checkAccess(operation, needed)));
    }
    return tests.stream();
  }

  private static void checkAccess(Operation operation, String needed) {
    if (needed.equals(OPEN)) {
      assertAdmitted(operation, given(), "no token");
      return;
    }
    int anonymous = operation.call(given());
    assertEquals(401, anonymous, operation.key() + " without a token");
    assertEquals(
        401,
        operation.call(given().auth().oauth2("not.a.token")),
        operation.key() + " with a malformed token");
    assertEquals(
        403,
        operation.call(given().auth().oauth2(TestTokens.withRoles())),
        operation.key() + " with a token without roles");
    for (String role : Roles.ALL) {
      RequestSpecification request = given().auth().oauth2(TestTokens.withRoles(role));
      if (Roles.effective(Set.of(role)).contains(needed)) {
        assertAdmitted(operation, request, "role " + role);
      } else {
        assertEquals(403, operation.call(request), operation.key() + " with role " + role);
      }
    }
  }

  private static void assertAdmitted(
      Operation operation, RequestSpecification request, String who) {
    int status = operation.call(request);
    if (status == 401 || status == 403) {
      throw new AssertionError(operation.key() + " refused " + who + " with " + status);
    }
  }

  private static List<Operation> operations() throws Exception {
    String document = given().queryParam("format", "json").get("/q/openapi").asString();
    JsonNode paths = new ObjectMapper().readTree(document).path("paths");
    List<Operation> operations = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        JsonNode content = op.getValue().path("requestBody").path("content");
        String mediaType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
        operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), mediaType));
      }
    }
    return operations;
  }

  /** One OpenAPI operation, called with sample path parameters and a trivial body. */
  private record Operation(String method, String path, String mediaType) {

    String key() {
      return method + " " + path;
    }

    int call(RequestSpecification request) {
      String concrete = path.replaceAll("\\{[^}]+}", "1");
      if (mediaType != null) {
        String type = mediaType.contains("*") ? "application/json" : mediaType;
        String body = type.contains("yaml") ? "name: x\n" : "{}";
        // Bytes: RestAssured has no encoder of its own for YAML or octet-stream strings.
        request = request.contentType(type).body(body.getBytes(StandardCharsets.UTF_8));
      }
      return request.request(method, concrete).statusCode();
    }
  }

  @Test
  void livenessIsUp() {
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("eventing"));
  }

  @Test
  void deadLettersOfTheServiceCanBeListed() {
    given()
        .auth()
        .oauth2(TestTokens.withRoles(Roles.VIEWER))
        .get("/api/v1/dead-letters")
        .then()
        .statusCode(200)
        .body("topic", startsWith("sluice.dlq."));
  }

  @Test
  void readinessReportsKafkaAndTheDatabaseUp() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItem("kafka"))
        .body("checks.name", hasItem(containsString("Database")));
  }

  @Test
  void metricsAreServedInPrometheusFormat() {
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
        .body(containsString("sluice_outbox_leader"))
        .body(containsString("sluice_outbox_depth"))
        .body(containsString("sluice_outbox_oldest_age_seconds"));
  }

  @Test
  void openApiDocumentIsServed() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("openapi", containsString("3."));
  }

  @Test
  void eventingTablesLiveInTheServicesOwnSchema() throws Exception {
    String sql =
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ?"
            + " AND table_name IN ('sluice_outbox', 'sluice_applied_events')";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, schema());
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        assertEquals(2, rs.getInt(1), "eventing tables in schema " + schema());
      }
    }
  }
}

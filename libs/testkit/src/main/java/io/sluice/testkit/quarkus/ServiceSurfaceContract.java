package io.sluice.testkit.quarkus;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What every Sluice service exposes, checked the same way for all five: liveness, readiness that
 * reflects Kafka and the database, Prometheus metrics, OpenAPI, and its Flyway-migrated schema
 * holding the eventing tables. A service's test extends it as a {@code @QuarkusTest} using {@code
 * SluiceInfraResource}.
 */
public abstract class ServiceSurfaceContract {

  @Inject DataSource dataSource;

  /** The service's own database schema. */
  protected abstract String schema();

  @Test
  void livenessIsUp() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
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
        .body(containsString("sluice_outbox_leader"));
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

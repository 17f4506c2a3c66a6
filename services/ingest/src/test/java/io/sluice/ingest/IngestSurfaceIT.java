package io.sluice.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.quarkus.ServiceSurfaceContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI and the migrated schema, against real Kafka and Postgres. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class IngestSurfaceIT extends ServiceSurfaceContract {

  @Override
  protected String schema() {
    return "ingest";
  }

  @Override
  protected Map<String, String> accessRules() {
    return Map.of(
        "GET /api/v1/datasets", Roles.VIEWER,
        "POST /api/v1/datasets", Roles.DATA_ENGINEER,
        "GET /api/v1/datasets/{name}", Roles.VIEWER,
        "GET /api/v1/datasets/{name}/versions", Roles.VIEWER);
  }

  @Test
  void readinessReportsBucketNotificationWiringOffInLocalMode() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem("bucket-notifications"))
        .body("checks.find { it.name == 'bucket-notifications' }.data.enabled", equalTo(false));
  }
}

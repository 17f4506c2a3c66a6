package io.sluice.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.quarkus.ServiceSurfaceContract;
import java.util.Map;

/** Health, metrics, OpenAPI and the migrated schema, against real Kafka and Postgres. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ServingGatewaySurfaceIT extends ServiceSurfaceContract {

  @Override
  protected String schema() {
    return "serving_gateway";
  }

  @Override
  protected Map<String, String> accessRules() {
    return Map.of(
        "GET /v2", OPEN,
        "GET /v2/health/live", OPEN,
        "GET /v2/health/ready", OPEN,
        "GET /v2/models/{name}", Roles.INFERENCE,
        "GET /v2/models/{name}/ready", Roles.INFERENCE,
        "POST /v2/models/{name}/infer", Roles.INFERENCE,
        "POST /v2/models/{name}/versions/{version}/infer", Roles.INFERENCE);
  }
}

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
    return Map.ofEntries(
        Map.entry("GET /v2", OPEN),
        Map.entry("GET /v2/health/live", OPEN),
        Map.entry("GET /v2/health/ready", OPEN),
        Map.entry("GET /v2/models/{name}", Roles.INFERENCE),
        Map.entry("GET /v2/models/{name}/ready", Roles.INFERENCE),
        Map.entry("POST /v2/models/{name}/infer", Roles.INFERENCE),
        Map.entry("POST /v2/models/{name}/versions/{version}/infer", Roles.INFERENCE),
        Map.entry("GET /api/v1/rollouts", Roles.VIEWER),
        Map.entry("GET /api/v1/rollouts/{model}", Roles.VIEWER),
        Map.entry("POST /api/v1/rollouts/{model}/pause", Roles.APPROVER),
        Map.entry("POST /api/v1/rollouts/{model}/resume", Roles.APPROVER),
        Map.entry("POST /api/v1/rollouts/{model}/abort", Roles.APPROVER),
        Map.entry("POST /api/v1/rollouts/{model}/promote", Roles.APPROVER),
        Map.entry("GET /v2/models/{name}/versions/{version}", Roles.INFERENCE),
        Map.entry("GET /v2/models/{name}/versions/{version}/ready", Roles.INFERENCE));
  }
}

package io.sluice.orchestrator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.quarkus.ServiceSurfaceContract;
import java.util.Map;

/** Health, metrics, OpenAPI and the migrated schema, against real Kafka and Postgres. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class OrchestratorSurfaceIT extends ServiceSurfaceContract {

  @Override
  protected String schema() {
    return "orchestrator";
  }

  @Override
  protected Map<String, String> accessRules() {
    return Map.ofEntries(
        Map.entry("GET /api/v1/pipelines", Roles.VIEWER),
        Map.entry("POST /api/v1/pipelines", Roles.ML_ENGINEER),
        Map.entry("GET /api/v1/pipelines/{name}", Roles.VIEWER),
        Map.entry("GET /api/v1/pipelines/{name}/schedules", Roles.VIEWER),
        Map.entry("POST /api/v1/pipelines/{name}/runs", Roles.ML_ENGINEER),
        Map.entry("GET /api/v1/runs", Roles.VIEWER),
        Map.entry("GET /api/v1/runs/{id}", Roles.VIEWER),
        Map.entry("GET /api/v1/runs/{id}/timeline", Roles.VIEWER),
        Map.entry("GET /api/v1/runs/{id}/steps/{step}/logs", Roles.VIEWER),
        Map.entry("POST /api/v1/runs/{id}/cancel", Roles.ML_ENGINEER),
        Map.entry("POST /api/v1/runs/{id}/rerun", Roles.ML_ENGINEER),
        Map.entry("POST /api/v1/runs/{id}/retry", Roles.ML_ENGINEER));
  }
}

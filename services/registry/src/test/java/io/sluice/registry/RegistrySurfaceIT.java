package io.sluice.registry;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.quarkus.ServiceSurfaceContract;
import java.util.Map;

/** Health, metrics, OpenAPI and the migrated schema, against real Kafka and Postgres. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RegistrySurfaceIT extends ServiceSurfaceContract {

  @Override
  protected String schema() {
    return "registry";
  }

  @Override
  protected Map<String, String> accessRules() {
    return Map.ofEntries(
        Map.entry("GET /api/v1/models", Roles.VIEWER),
        Map.entry("GET /api/v1/models/{name}/versions", Roles.VIEWER),
        Map.entry("GET /api/v1/models/{name}/versions/{version}", Roles.VIEWER),
        Map.entry("GET /api/v1/models/{name}/versions/{version}/lineage", Roles.VIEWER),
        Map.entry("GET /api/v1/models/{name}/versions/{a}/compare/{b}", Roles.VIEWER),
        Map.entry("GET /api/v1/models/{name}/aliases", Roles.VIEWER),
        Map.entry("GET /api/v1/models/{name}/aliases/{alias}", Roles.VIEWER),
        Map.entry("PUT /api/v1/models/{name}/aliases/{alias}", Roles.APPROVER),
        Map.entry("DELETE /api/v1/models/{name}/aliases/{alias}", Roles.APPROVER),
        Map.entry("GET /api/v1/models/{name}/aliases/{alias}/history", Roles.VIEWER),
        Map.entry("POST /api/v1/models/{name}/versions/{version}/approve", Roles.APPROVER),
        Map.entry("POST /api/v1/models/{name}/versions/{version}/reject", Roles.APPROVER),
        Map.entry("POST /api/v1/models/{name}/versions/{version}/promote", Roles.APPROVER),
        Map.entry("POST /api/v1/models/{name}/versions/{version}/archive", Roles.APPROVER),
        Map.entry("POST /api/v1/models/{name}/rollback", Roles.APPROVER),
        Map.entry("GET /api/v1/models/{name}/gate-policy", Roles.VIEWER),
        Map.entry("PUT /api/v1/models/{name}/gate-policy", Roles.APPROVER),
        Map.entry("GET /api/v1/models/{name}/gate-policy/history", Roles.VIEWER));
  }
}

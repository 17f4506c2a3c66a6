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
    return Map.of(
        "GET /api/v1/models", Roles.VIEWER,
        "GET /api/v1/models/{name}/versions", Roles.VIEWER,
        "GET /api/v1/models/{name}/versions/{version}", Roles.VIEWER,
        "GET /api/v1/models/{name}/versions/{version}/lineage", Roles.VIEWER,
        "GET /api/v1/models/{name}/versions/{a}/compare/{b}", Roles.VIEWER,
        "GET /api/v1/models/{name}/aliases/{alias}", Roles.VIEWER,
        "GET /api/v1/models/{name}/gate-policy", Roles.VIEWER,
        "PUT /api/v1/models/{name}/gate-policy", Roles.APPROVER,
        "GET /api/v1/models/{name}/gate-policy/history", Roles.VIEWER);
  }
}

package io.sluice.launcher;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.quarkus.ServiceSurfaceContract;
import java.util.Map;

/** Health, metrics, OpenAPI and the migrated schema, against real Kafka and Postgres. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class TrainerLauncherSurfaceIT extends ServiceSurfaceContract {

  @Override
  protected String schema() {
    return "trainer_launcher";
  }

  /** The launcher has no REST API of its own: only health, metrics and OpenAPI, all open. */
  @Override
  protected Map<String, String> accessRules() {
    return Map.of();
  }
}

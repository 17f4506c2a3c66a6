package io.sluice.orchestrator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.quarkus.ServiceSurfaceContract;

/** Health, metrics, OpenAPI and the migrated schema, against real Kafka and Postgres. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class OrchestratorSurfaceIT extends ServiceSurfaceContract {

  @Override
  protected String schema() {
    return "orchestrator";
  }
}

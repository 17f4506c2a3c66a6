package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SluiceInfraResourceIT {

  @Test
  void pointsQuarkusAtTheSharedServersWithDevServicesOff() {
    SluiceInfraResource resource = new SluiceInfraResource();
    resource.init(Map.of());

    Map<String, String> config = resource.start();

    SluiceInfra infra = SluiceInfra.get();
    assertThat(config)
        .containsEntry("kafka.bootstrap.servers", infra.kafka().bootstrapServers())
        .containsEntry("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl())
        .containsEntry("quarkus.datasource.username", infra.postgres().username())
        .containsEntry("quarkus.datasource.password", infra.postgres().password())
        .containsEntry("sluice.s3.endpoint", infra.s3().endpoint().toString())
        .containsEntry("sluice.s3.access-key", infra.s3().accessKey())
        .containsEntry("sluice.s3.secret-key", infra.s3().secretKey())
        .containsEntry("sluice.s3.region", infra.s3().region())
        .containsEntry("quarkus.devservices.enabled", "false")
        .containsEntry("quarkus.http.test-port", "0");
  }

  @Test
  void databaseArgumentPointsTheDatasourceAtItsOwnDatabase() throws Exception {
    SluiceInfraResource resource = new SluiceInfraResource();
    resource.init(Map.of(SluiceInfraResource.DATABASE_ARG, "orchestrator_it"));

    String url = resource.start().get("quarkus.datasource.jdbc.url");

    assertThat(url).endsWith("/orchestrator_it");
    try (Connection connection = SluiceInfra.get().postgres().dataSource(url).getConnection()) {
      assertThat(connection.getCatalog()).isEqualTo("orchestrator_it");
    }
  }

  @Test
  void stoppingTheResourceLeavesTheSharedServersRunning() throws Exception {
    SluiceInfraResource resource = new SluiceInfraResource();
    resource.init(Map.of());
    resource.start();

    resource.stop();

    assertThat(SluiceInfra.get().kafka().topicNames()).contains(PlatformTopics.RUNS);
    try (Connection connection = SluiceInfra.get().postgres().dataSource().getConnection()) {
      assertThat(connection.isValid(10)).isTrue();
    }
  }
}

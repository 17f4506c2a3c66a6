package io.sluice.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactsTest {

  @TempDir Path repo;

  private Artifacts artifacts() {
    return new Artifacts(
        Settings.fromEnvironment(Map.of(), repo, Path.of("java"), "0.1.0-SNAPSHOT", repo));
  }

  private void touch(String path) throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");
  }

  private void buildInfrastructure() throws Exception {
    touch("tools/cli/target/lib/kafka_2.13-4.1.1.jar");
    touch("libs/testkit/target/sluice-testkit-0.1.0-SNAPSHOT.jar");
    touch("libs/testkit/target/lib/s3proxy-4.1.0.jar");
  }

  @Test
  void anUnbuiltRepositoryMissesTheBrokerTheTestkitAndEveryService() {
    assertThat(artifacts().missing(true))
        .hasSize(8)
        .anyMatch(line -> line.contains("tools/cli/target/lib"))
        .contains("libs/testkit/target/sluice-testkit-0.1.0-SNAPSHOT.jar")
        .contains("services/registry/target/quarkus-app/quarkus-run.jar");
  }

  @Test
  void infrastructureNeedsNoServiceJars() throws Exception {
    buildInfrastructure();

    assertThat(artifacts().missing(false)).isEmpty();
    assertThat(artifacts().missing(true))
        .containsExactly(
            "services/ingest/target/quarkus-app/quarkus-run.jar",
            "services/orchestrator/target/quarkus-app/quarkus-run.jar",
            "services/trainer-launcher/target/quarkus-app/quarkus-run.jar",
            "services/registry/target/quarkus-app/quarkus-run.jar",
            "services/serving-gateway/target/quarkus-app/quarkus-run.jar");
  }

  @Test
  void nothingIsMissingOnceEverythingIsBuilt() throws Exception {
    buildInfrastructure();
    for (String service :
        new String[] {
          "ingest", "orchestrator", "trainer-launcher", "registry", "serving-gateway"
        }) {
      touch("services/" + service + "/target/quarkus-app/quarkus-run.jar");
    }

    assertThat(artifacts().missing(true)).isEmpty();
  }
}

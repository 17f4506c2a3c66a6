package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.CliException;
import io.sluice.cli.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

  @TempDir Path repo;

  private UpCommand up() {
    Settings settings =
        Settings.fromEnvironment(
            Map.of("SLUICE_HOME", repo.resolve("state").toString()),
            repo,
            Path.of("java"),
            "0.1.0-SNAPSHOT",
            repo);
    return new UpCommand(
        settings, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void refusesToStartAnythingWhenAServiceJarIsMissingAndSaysHowToBuildIt() throws Exception {
    for (String path :
        new String[] {
          "tools/cli/target/lib/kafka_2.13-4.1.1.jar",
          "libs/testkit/target/sluice-testkit-0.1.0-SNAPSHOT.jar",
          "libs/testkit/target/lib/s3proxy-4.1.0.jar",
          "services/ingest/target/quarkus-app/quarkus-run.jar"
        }) {
      Files.createDirectories(repo.resolve(path).getParent());
      Files.writeString(repo.resolve(path), "");
    }

    assertThatThrownBy(() -> up().run(false))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("services/registry/target/quarkus-app/quarkus-run.jar")
        .hasMessageNotContaining("services/ingest")
        .hasMessageContaining("./sluice up --rebuild");
    assertThat(repo.resolve("state")).doesNotExist();
  }
}

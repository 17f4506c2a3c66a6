package io.sluice.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandTest {

  @Test
  void everyCommandCarriesTheMarkersBeforeTheMainClass() {
    List<String> command =
        JavaCommand.of(Path.of("/jdk/bin/java"), Path.of("/state"), "s3")
            .maxHeap("256m")
            .main("lib/*", "a.Main", List.of("--port", "9000"));

    assertThat(command)
        .containsExactly(
            "/jdk/bin/java",
            "-Dsluice.home=/state",
            "-Dsluice.component=s3",
            "-Xmx256m",
            "-cp",
            "lib/*",
            "a.Main",
            "--port",
            "9000");
  }

  @Test
  void jarCommandsCarryTheMarkersToo() {
    List<String> command =
        JavaCommand.of(Path.of("java"), Path.of("/state"), "registry")
            .jar(Path.of("app.jar"), List.of());

    assertThat(command)
        .containsSubsequence(
            "-Dsluice.home=/state", "-Dsluice.component=registry", "-jar", "app.jar");
  }
}

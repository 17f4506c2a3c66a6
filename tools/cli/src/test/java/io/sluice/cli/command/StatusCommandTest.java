package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.config.Settings;
import io.sluice.cli.config.StateDir;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.TestProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

  @TempDir Path home;

  private String status() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Settings settings =
        Settings.fromEnvironment(
            Map.of("SLUICE_HOME", home.toString(), "SLUICE_PORT_BASE", "18081"),
            home,
            Path.of("java"),
            "test",
            home);
    new StatusCommand(settings, new PrintStream(output, true, StandardCharsets.UTF_8)).run();
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listsEveryComponentWithItsPortAndStoppedWhenNothingRuns() {
    assertThat(status().lines())
        .hasSize(9)
        .first()
        .asString()
        .startsWith("NAME")
        .contains("PID", "PORT", "STATE");
    assertThat(status())
        .containsPattern("kafka +- +9092 +stopped")
        .containsPattern("serving-gateway +- +18085 +stopped");
  }

  @Test
  void aLiveProcessThatIsNotOursCountsAsStopped() throws Exception {
    try (TestProcesses processes = new TestProcesses()) {
      new PidFiles(new StateDir(home))
          .write("registry", TestProcesses.recordOf(processes.stranger()));

      assertThat(status()).containsPattern("registry +- +18084 +stopped");
    }
  }

  @Test
  void ourProcessThatDoesNotAnswerYetIsRunning() throws Exception {
    try (TestProcesses processes = new TestProcesses()) {
      Process registry = processes.withMarkers(home, "registry");
      new PidFiles(new StateDir(home)).write("registry", TestProcesses.recordOf(registry));

      assertThat(status()).containsPattern("registry +" + registry.pid() + " +18084 +running");
    }
  }
}

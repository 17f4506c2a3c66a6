package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.cli.config.Settings;
import io.sluice.cli.config.StateDir;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.PidRecord;
import io.sluice.cli.process.TestProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownCommandTest {

  @TempDir Path home;

  private final TestProcesses processes = new TestProcesses();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @AfterEach
  void stopProcesses() {
    processes.close();
  }

  private int down(boolean purge) {
    Settings settings =
        Settings.fromEnvironment(
            Map.of("SLUICE_HOME", home.toString(), "SLUICE_STOP_GRACE", "10"),
            home,
            Path.of("java"),
            "test",
            home);
    return new DownCommand(settings, new PrintStream(output, true, StandardCharsets.UTF_8))
        .run(purge);
  }

  private PidFiles pidFiles() {
    return new PidFiles(new StateDir(home));
  }

  private String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPidWhoseCommandLineDoesNotMatchIsNotKilled() throws Exception {
    Process stranger = processes.stranger();
    pidFiles().write("kafka", TestProcesses.recordOf(stranger));

    assertThat(down(false)).isZero();

    assertThat(stranger.isAlive()).isTrue();
    assertThat(output()).contains("is not the process sluice started; left alone");
    assertThat(home.resolve("run/kafka.pid")).doesNotExist();
  }

  @Test
  void aRecycledPidWithAnotherStartTimeIsNotKilled() throws Exception {
    Process process = processes.withMarkers(home, "registry");
    PidRecord actual = TestProcesses.recordOf(process);
    pidFiles()
        .write(
            "registry",
            new PidRecord(
                actual.pid(),
                actual.startedAt().minus(Duration.ofMinutes(5)),
                actual.startTicks() - 5 * 60 * 100,
                0));

    down(false);

    assertThat(process.isAlive()).isTrue();
  }

  @Test
  void stopsTheProcessItStartedWithItsChildrenAndRemovesThePidFile() throws Exception {
    Process process = processes.withMarkers(home, "kafka");
    List<ProcessHandle> children = process.children().toList();
    assertThat(children).as("bash waits for its sleep").isNotEmpty();
    pidFiles().write("kafka", TestProcesses.recordOf(process));

    down(false);

    await().untilAsserted(() -> assertThat(process.isAlive()).isFalse());
    await().untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
    assertThat(output()).contains("kafka").contains("stopped (pid " + process.pid() + ")");
    assertThat(home.resolve("run/kafka.pid")).doesNotExist();
  }

  @Test
  void stopsServicesBeforePostgresS3AndKafka() {
    assertThat(DownCommand.stopOrder())
        .containsExactly(
            List.of("serving-gateway", "registry", "trainer-launcher", "orchestrator", "ingest"),
            List.of("postgres"),
            List.of("s3"),
            List.of("kafka"));
  }

  @Test
  void aPidFileOfAnExitedProcessIsRemoved() throws Exception {
    Process process = processes.withMarkers(home, "s3");
    PidRecord record = TestProcesses.recordOf(process);
    TestProcesses.kill(process);
    pidFiles().write("s3", record);

    down(false);

    assertThat(output()).contains("was not running");
    assertThat(home.resolve("run/s3.pid")).doesNotExist();
  }

  @Test
  void stopsAPostgresServerThatItsProcessLeftBehind() throws Exception {
    Path dataDir = Files.createDirectories(home.resolve("data/postgres"));
    Process server = processes.mentioning(dataDir.toString());
    Files.writeString(dataDir.resolve("postmaster.pid"), server.pid() + "\n" + dataDir + "\n");

    down(false);

    await().untilAsserted(() -> assertThat(server.isAlive()).isFalse());
    assertThat(output()).contains("stopped the server its process left behind");
  }

  @Test
  void dataIsKeptUnlessPurgeIsGiven() throws Exception {
    Path kafkaData = Files.createDirectories(home.resolve("data/kafka"));
    Files.writeString(kafkaData.resolve("meta.properties"), "node.id=1");

    down(false);
    assertThat(kafkaData.resolve("meta.properties")).exists();

    down(true);
    assertThat(home.resolve("data")).doesNotExist();
    assertThat(output()).contains("nothing was running");
  }
}

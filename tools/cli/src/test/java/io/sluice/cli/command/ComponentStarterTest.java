package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.CliException;
import io.sluice.cli.CliRunner;
import io.sluice.cli.config.Component;
import io.sluice.cli.config.Settings;
import io.sluice.cli.config.StateDir;
import io.sluice.cli.health.HealthChecks;
import io.sluice.cli.health.KafkaAdmin;
import io.sluice.cli.infra.LaunchPreparer;
import io.sluice.cli.process.JavaCommand;
import io.sluice.cli.process.LaunchSpec;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.ProcessLauncher;
import io.sluice.cli.process.TestProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentStarterTest {

  @TempDir Path home;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final TestProcesses processes = new TestProcesses();
  private final KafkaAdmin unusedKafka = new KafkaAdmin("localhost:1");
  private Settings settings;
  private Component registry;

  @BeforeEach
  void settings() throws Exception {
    settings =
        Settings.fromEnvironment(
            Map.of("SLUICE_HOME", home.toString()), home, Path.of("java"), "test", home);
    // A free port: nobody answers the readiness probe there.
    registry = new Component("registry", Component.Role.SERVICE, CliRunner.freePorts(1).get(0));
  }

  @AfterEach
  void stopLaunchedProcesses() {
    new PidFiles(settings.stateDir())
        .read("registry")
        .flatMap(record -> ProcessHandle.of(record.pid()))
        .ifPresent(
            process -> {
              process.descendants().forEach(ProcessHandle::destroyForcibly);
              process.destroyForcibly();
            });
    processes.close();
    unusedKafka.close();
  }

  private ComponentStarter starter(LaunchPreparer preparer) {
    return new ComponentStarter(
        settings,
        new ProcessLauncher(),
        preparer,
        new HealthChecks(settings, unusedKafka),
        new PrintStream(output, true, StandardCharsets.UTF_8));
  }

  /**
   * A stand-in for the component: a shell script that carries the component's markers (until it
   * {@code exec}s, which keeps it a single process that is easy to clean up).
   */
  private LaunchPreparer script(String body) {
    return component -> {
      List<String> command = new ArrayList<>(List.of("bash", "-c", body));
      command.addAll(JavaCommand.markers(home, component.name()));
      return new LaunchSpec(command, Map.of(), home);
    };
  }

  @Test
  void aComponentThatExitsAtOnceFailsWithTheEndOfItsLog() {
    ComponentStarter starter = starter(script("echo 'Address already in use'; exit 3"));
    ComponentStarter.Running running = starter.ensureRunning(registry);
    Instant now = Instant.now();

    assertThatThrownBy(() -> starter.awaitReady(running, now, now.plus(Duration.ofMinutes(1))))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("registry exited before it was ready")
        .hasMessageContaining("Last lines of " + home.resolve("logs/registry.log"))
        .hasMessageContaining("Address already in use");
  }

  @Test
  void aComponentThatNeverAnswersFailsAtTheDeadlineWithTheEndOfItsLog() {
    ComponentStarter starter = starter(script("echo 'still starting'; exec sleep 300"));
    ComponentStarter.Running running = starter.ensureRunning(registry);
    Instant now = Instant.now();

    assertThatThrownBy(() -> starter.awaitReady(running, now, now.plusMillis(500)))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith("registry is not ready after")
        .hasMessageContaining("it does not answer")
        .hasMessageContaining("still starting");
  }

  @Test
  void aLaunchedComponentOutlivesItsLauncherWithAPidFileAndItsOwnLog() throws Exception {
    Path log = new StateDir(home).logFile("registry");
    Files.createDirectories(log.getParent());
    Files.writeString(log, "old run\n");

    ComponentStarter.Running running =
        starter(script("echo second run; exec sleep 300")).ensureRunning(registry);

    assertThat(new PidFiles(settings.stateDir()).read("registry")).contains(running.record());
    assertThat(running.record().logOffset()).isEqualTo("old run\n".length());
    assertThat(ProcessHandle.of(running.record().pid()).map(ProcessHandle::isAlive)).contains(true);
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("registry          started (pid " + running.record().pid() + ")");
  }

  @Test
  void aComponentThatIsAlreadyRunningIsNotStartedAgain() throws Exception {
    Process alreadyRunning = processes.withMarkers(home, "registry");
    new PidFiles(settings.stateDir()).write("registry", TestProcesses.recordOf(alreadyRunning));
    LaunchPreparer mustNotLaunch =
        component -> {
          throw new AssertionError("launched " + component.name() + " a second time");
        };

    ComponentStarter.Running running = starter(mustNotLaunch).ensureRunning(registry);

    assertThat(running.record().pid()).isEqualTo(alreadyRunning.pid());
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("already running (pid " + alreadyRunning.pid() + ")");
  }
}

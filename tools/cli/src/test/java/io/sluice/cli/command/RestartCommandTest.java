package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.CliException;
import io.sluice.cli.CliRunner;
import io.sluice.cli.Main;
import io.sluice.cli.config.Component;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import io.sluice.cli.health.HealthChecks;
import io.sluice.cli.health.HttpProbe;
import io.sluice.cli.health.KafkaAdmin;
import io.sluice.cli.infra.LaunchPreparer;
import io.sluice.cli.process.JavaCommand;
import io.sluice.cli.process.LaunchSpec;
import io.sluice.cli.process.PidFiles;
import io.sluice.cli.process.PidRecord;
import io.sluice.cli.process.ProcessLauncher;
import io.sluice.cli.process.TestProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restart} with real processes: the infrastructure is represented by processes that carry
 * its markers, and the service by {@link StandInService}, which answers the readiness probe.
 */
class RestartCommandTest {

  private static final String REGISTRY_JAR = "services/registry/target/quarkus-app/quarkus-run.jar";

  @TempDir Path repo;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final TestProcesses processes = new TestProcesses();
  private Path home;
  private Settings settings;
  private Component registry;

  @BeforeEach
  void settings() throws Exception {
    home = repo.resolve("state");
    int port = CliRunner.freePorts(1).get(0);
    settings =
        Settings.fromEnvironment(
            Map.of(
                "SLUICE_HOME",
                home.toString(),
                "SLUICE_REGISTRY_PORT",
                Integer.toString(port),
                "SLUICE_STOP_GRACE",
                "10",
                "SLUICE_UP_TIMEOUT",
                "60"),
            repo,
            Path.of(System.getProperty("java.home"), "bin", "java"),
            "test",
            repo);
    registry = Components.byName(settings, "registry").orElseThrow();
    Files.createDirectories(repo.resolve(REGISTRY_JAR).getParent());
    Files.writeString(repo.resolve(REGISTRY_JAR), "");
  }

  @AfterEach
  void stopLaunchedProcesses() {
    pidFiles()
        .read("registry")
        .flatMap(record -> ProcessHandle.of(record.pid()))
        .ifPresent(ProcessHandle::destroyForcibly);
    processes.close();
  }

  private int restart() {
    return new RestartCommand(settings, out(), standIn()).run("registry");
  }

  /** Starts the registry stand-in the way {@code up} starts a service. */
  private PidRecord startAsUpDoes() {
    try (KafkaAdmin unused = new KafkaAdmin(settings.kafkaBootstrap())) {
      new ComponentStarter(
              settings, new ProcessLauncher(), standIn(), new HealthChecks(settings, unused), out())
          .startAll(List.of(registry));
    }
    return pidFiles().read("registry").orElseThrow();
  }

  private LaunchPreparer standIn() {
    String testClasses = Path.of("target/test-classes").toAbsolutePath().toString();
    return component ->
        new LaunchSpec(
            JavaCommand.of(settings.java(), home, component.name())
                .main(
                    testClasses,
                    StandInService.class.getName(),
                    List.of(Integer.toString(component.port()))),
            Map.of(),
            home);
  }

  private void infrastructureRuns(String... names) throws Exception {
    for (String name : names) {
      pidFiles().write(name, TestProcesses.recordOf(processes.withMarkers(home, name)));
    }
  }

  private PidFiles pidFiles() {
    return new PidFiles(settings.stateDir());
  }

  private PrintStream out() {
    return new PrintStream(output, true, StandardCharsets.UTF_8);
  }

  private String output() {
    return output.toString(StandardCharsets.UTF_8);
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aRunningServiceIsStoppedAndStartedAgainOnTheSamePortAndLog() throws Exception {
    infrastructureRuns("kafka", "s3", "postgres");
    PidRecord before = startAsUpDoes();
    long logLength = Files.size(settings.stateDir().logFile("registry"));

    assertThat(restart()).isZero();

    PidRecord after = pidFiles().read("registry").orElseThrow();
    assertThat(after.pid()).isNotEqualTo(before.pid());
    assertThat(isAlive(before.pid())).isFalse();
    assertThat(isAlive(after.pid())).isTrue();
    assertThat(new HttpProbe().status(settings.serviceUrl("registry") + "/q/health/ready"))
        .hasValue(200);
    assertThat(after.logOffset()).as("the new run's output is appended").isEqualTo(logLength);
    assertThat(Files.readAllLines(settings.stateDir().logFile("registry")))
        .as("both runs in one log")
        .filteredOn(line -> line.equals("stand-in listening on port " + registry.port()))
        .hasSize(2);
    assertThat(output())
        .contains("registry          stopped (pid " + before.pid() + ")")
        .contains("registry          started (pid " + after.pid() + ")")
        .contains("ready on port " + registry.port())
        .endsWith("registry is ready again at http://localhost:" + registry.port() + "\n");
  }

  @Test
  void aServiceThatWasNotRunningIsStarted() throws Exception {
    infrastructureRuns("kafka", "s3", "postgres");

    assertThat(restart()).isZero();

    assertThat(output()).contains("registry          was not running; starting it");
    assertThat(pidFiles().read("registry").map(r -> isAlive(r.pid()))).contains(true);
  }

  @Test
  void withThePlatformDownItFailsNamingWhatIsStoppedAndStopsNothing() throws Exception {
    infrastructureRuns("kafka");
    Process service = processes.withMarkers(home, "registry");
    pidFiles().write("registry", TestProcesses.recordOf(service));

    assertThatThrownBy(this::restart)
        .isInstanceOf(CliException.class)
        .hasMessage(
            "the platform is not running (s3, postgres are stopped), so no service can start;"
                + " start it with ./sluice up")
        .extracting(e -> ((CliException) e).exitCode())
        .isEqualTo(CliException.FAILURE);
    assertThat(service.isAlive()).isTrue();
  }

  @Test
  void anUnbuiltServiceIsNotStoppedAndTheMessageSaysHowToBuildIt() throws Exception {
    infrastructureRuns("kafka", "s3", "postgres");
    Process service = processes.withMarkers(home, "registry");
    pidFiles().write("registry", TestProcesses.recordOf(service));
    Files.delete(repo.resolve(REGISTRY_JAR));

    assertThatThrownBy(this::restart)
        .isInstanceOf(CliException.class)
        .hasMessageContaining(REGISTRY_JAR + " is not built")
        .hasMessageContaining("./sluice restart registry --rebuild")
        .hasMessageEndingWith("nothing was stopped");
    assertThat(service.isAlive()).isTrue();
  }

  @Test
  void aPortTakenByAStrangerIsReportedWithTheVariableThatMovesIt() throws Exception {
    infrastructureRuns("kafka", "s3", "postgres");

    try (ServerSocket stranger = new ServerSocket(registry.port())) {
      assertThatThrownBy(this::restart)
          .isInstanceOf(CliException.class)
          .hasMessageContaining("port " + registry.port() + " (registry) is in use")
          .hasMessageContaining("SLUICE_REGISTRY_PORT");
    }
    assertThat(pidFiles().read("registry")).isEmpty();
  }

  @Test
  void fromTheCommandLineAStoppedPlatformExitsWithOneAndAnUnknownServiceWithTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main main =
        new Main(
            Map.of("SLUICE_HOME", home.toString()),
            out(),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(main.run(List.of("restart", "serving-gateway"))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("sluice: the platform is not running (kafka, s3, postgres are stopped)");

    assertThat(main.run(List.of("restart", "gateway"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("sluice: unknown service 'gateway'; valid names: ingest,");
  }
}

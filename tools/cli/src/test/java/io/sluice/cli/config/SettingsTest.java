package io.sluice.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.CliException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final Path REPO = Path.of("/repo");
  private static final Path JAVA = Path.of("/jdk/bin/java");

  private static Settings from(Map<String, String> env) {
    return Settings.fromEnvironment(env, REPO, JAVA, "1.0", Path.of("/work"));
  }

  @Test
  void defaultsAreTheDocumentedFixedPortsAndTheRepositoryStateFolder() {
    Settings settings = from(Map.of());

    assertThat(settings.home()).isEqualTo(Path.of("/repo/.sluice"));
    assertThat(settings.kafkaBootstrap()).isEqualTo("localhost:9092");
    assertThat(settings.kafkaControllerPort()).isEqualTo(9093);
    assertThat(settings.s3Endpoint()).isEqualTo("http://localhost:9000");
    assertThat(settings.postgresJdbcUrl()).isEqualTo("jdbc:postgresql://localhost:15432/sluice");
    assertThat(settings.servicePorts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ingest", 8081,
                "orchestrator", 8082,
                "trainer-launcher", 8083,
                "registry", 8084,
                "serving-gateway", 8085));
    assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(180));
    assertThat(settings.stopGrace()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everyPortAndTheStateFolderCanBeOverridden() {
    Settings settings =
        from(
            Map.of(
                "SLUICE_HOME", "/tmp/state",
                "SLUICE_KAFKA_PORT", "19092",
                "SLUICE_KAFKA_CONTROLLER_PORT", "19093",
                "SLUICE_S3_PORT", "19000",
                "SLUICE_PG_PORT", "25432"));

    assertThat(settings.home()).isEqualTo(Path.of("/tmp/state"));
    assertThat(settings.kafkaPort()).isEqualTo(19092);
    assertThat(settings.kafkaControllerPort()).isEqualTo(19093);
    assertThat(settings.s3Port()).isEqualTo(19000);
    assertThat(settings.postgresPort()).isEqualTo(25432);
  }

  @Test
  void relativeStateFolderIsResolvedAgainstTheWorkingFolder() {
    assertThat(from(Map.of("SLUICE_HOME", "state")).home()).isEqualTo(Path.of("/work/state"));
  }

  @Test
  void portBaseMovesAllServicesAndAServiceVariableMovesOne() {
    Settings settings =
        from(Map.of("SLUICE_PORT_BASE", "9100", "SLUICE_TRAINER_LAUNCHER_PORT", "9999"));

    assertThat(settings.servicePort("ingest")).isEqualTo(9100);
    assertThat(settings.servicePort("orchestrator")).isEqualTo(9101);
    assertThat(settings.servicePort("trainer-launcher")).isEqualTo(9999);
    assertThat(settings.servicePort("serving-gateway")).isEqualTo(9104);
    assertThat(settings.serviceUrl("registry")).isEqualTo("http://localhost:9103");
  }

  @Test
  void serviceVariableNamesUseUpperCaseAndUnderscores() {
    assertThat(Settings.servicePortVariable("serving-gateway"))
        .isEqualTo("SLUICE_SERVING_GATEWAY_PORT");
  }

  @Test
  void aPortThatIsNoNumberIsRejectedNamingTheVariable() {
    assertThatThrownBy(() -> from(Map.of("SLUICE_S3_PORT", "nine")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("SLUICE_S3_PORT")
        .hasMessageContaining("nine");
  }

  @Test
  void aPortOutOfRangeIsRejected() {
    assertThatThrownBy(() -> from(Map.of("SLUICE_PG_PORT", "70000")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("SLUICE_PG_PORT must be a port number");
  }

  @Test
  void timeoutsAreSecondsFromTheEnvironment() {
    Settings settings = from(Map.of("SLUICE_UP_TIMEOUT", "600", "SLUICE_STOP_GRACE", "5"));

    assertThat(settings.startTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.stopGrace()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void stateFolderLayoutKeepsLogsPidsAndDataApart() {
    StateDir dir = new StateDir(Path.of("/s"));

    assertThat(dir.logFile("kafka")).isEqualTo(Path.of("/s/logs/kafka.log"));
    assertThat(dir.pidFile("kafka")).isEqualTo(Path.of("/s/run/kafka.pid"));
    assertThat(dir.dataOf("postgres")).isEqualTo(Path.of("/s/data/postgres"));
  }
}

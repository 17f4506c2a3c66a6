package io.sluice.cli.config;

import io.sluice.cli.CliException;
import io.sluice.storage.StorageSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything local mode is configured by: where the repository and the state folder are, the ports,
 * the S3 credentials and the timeouts. Defaults are the fixed, documented ones; every port and the
 * state folder can be overridden from the environment so that tests never bind them.
 */
public record Settings(
    Path repoRoot,
    Path home,
    Path java,
    String version,
    int kafkaPort,
    int kafkaControllerPort,
    int s3Port,
    int postgresPort,
    Map<String, Integer> servicePorts,
    Duration startTimeout,
    Duration stopGrace) {

  public static final String S3_ACCESS_KEY = "minioadmin";
  public static final String S3_SECRET_KEY = "minioadmin";
  public static final String S3_REGION = "us-east-1";
  public static final String POSTGRES_USER = "postgres";
  public static final String POSTGRES_PASSWORD = "postgres";
  public static final String POSTGRES_DATABASE = "sluice";

  public Settings {
    servicePorts = Map.copyOf(servicePorts);
  }

  /**
   * Reads the settings from environment variables ({@code SLUICE_HOME}, {@code SLUICE_*_PORT},
   * {@code SLUICE_PORT_BASE}, {@code SLUICE_UP_TIMEOUT}, {@code SLUICE_STOP_GRACE}).
   *
   * @param workingDir what a relative {@code SLUICE_HOME} is relative to
   * @throws CliException when a value is not a number in range
   */
  public static Settings fromEnvironment(
      Map<String, String> env, Path repoRoot, Path java, String version, Path workingDir) {
    EnvReader reader = new EnvReader(env);
    Path home =
        reader.text("SLUICE_HOME").map(workingDir::resolve).orElse(repoRoot.resolve(".sluice"));
    int portBase = reader.port("SLUICE_PORT_BASE", 8081);
    Map<String, Integer> servicePorts = new LinkedHashMap<>();
    for (int i = 0; i < Components.SERVICES.size(); i++) {
      String service = Components.SERVICES.get(i);
      servicePorts.put(service, reader.port(servicePortVariable(service), portBase + i));
    }
    return new Settings(
        repoRoot.toAbsolutePath().normalize(),
        home.toAbsolutePath().normalize(),
        java,
        version,
        reader.port("SLUICE_KAFKA_PORT", 9092),
        reader.port("SLUICE_KAFKA_CONTROLLER_PORT", 9093),
        reader.port("SLUICE_S3_PORT", 9000),
        reader.port("SLUICE_PG_PORT", 15432),
        servicePorts,
        Duration.ofSeconds(reader.seconds("SLUICE_UP_TIMEOUT", 180)),
        Duration.ofSeconds(reader.seconds("SLUICE_STOP_GRACE", 30)));
  }

  /** The variable that overrides one service's port, e.g. {@code SLUICE_TRAINER_LAUNCHER_PORT}. */
  public static String servicePortVariable(String service) {
    return "SLUICE_" + service.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
  }

  public int servicePort(String service) {
    Integer port = servicePorts.get(service);
    if (port == null) {
      throw new IllegalArgumentException("not a service: " + service);
    }
    return port;
  }

  public StateDir stateDir() {
    return new StateDir(home);
  }

  public String kafkaBootstrap() {
    return "localhost:" + kafkaPort;
  }

  public String s3Endpoint() {
    return "http://localhost:" + s3Port;
  }

  /** The local store as the CLI reaches it; a local call that takes 30 s is a hung store. */
  public StorageSettings storage() {
    return StorageSettings.of(URI.create(s3Endpoint()), S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  public String postgresJdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgresPort + "/" + POSTGRES_DATABASE;
  }

  public String serviceUrl(String service) {
    return "http://localhost:" + servicePort(service);
  }
}

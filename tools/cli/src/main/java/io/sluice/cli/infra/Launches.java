package io.sluice.cli.infra;

import io.sluice.cli.config.Component;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import io.sluice.cli.process.JavaCommand;
import io.sluice.cli.process.LaunchSpec;
import io.sluice.cli.process.ProcessLauncher;
import io.sluice.cli.security.LocalTokens;
import io.sluice.events.Topics;
import io.sluice.security.tokens.TokenMinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each component is started: the broker from the CLI's own libraries, S3 and Postgres from the
 * testkit's local-mode mains, and each service from its Quarkus fast-jar with its endpoints in the
 * environment. Every process runs in the state folder, so stray files it writes (crash dumps) stay
 * there.
 */
public final class Launches implements LaunchPreparer {

  static final String S3_MAIN = "io.sluice.testkit.local.LocalS3Main";
  static final String POSTGRES_MAIN = "io.sluice.testkit.local.LocalPostgresMain";

  /**
   * The serving gateway's collector, as the chart gives it: the throughput collector measured about
   * 9% more inference requests per second than G1 at the same heap, with young pauses of a few
   * milliseconds (docs/decisions/0009-parallel-gc-for-the-serving-gateway.md).
   */
  static final String GATEWAY_GC = "-XX:+UseParallelGC";

  private static final String SERVING_GATEWAY = "serving-gateway";

  private final Settings settings;
  private final Artifacts artifacts;
  private final KafkaBroker kafka;
  private final LocalTokens tokens;

  public Launches(Settings settings, Artifacts artifacts, ProcessLauncher launcher) {
    this.settings = settings;
    this.artifacts = artifacts;
    this.kafka = new KafkaBroker(settings, artifacts, launcher);
    this.tokens = new LocalTokens(settings.stateDir());
  }

  @Override
  public LaunchSpec prepare(Component component) throws IOException {
    Files.createDirectories(settings.home());
    return switch (component.role()) {
      case KAFKA -> kafka.prepare();
      case S3 -> s3();
      case POSTGRES -> postgres();
      case SERVICE -> service(component.name());
    };
  }

  LaunchSpec s3() throws IOException {
    Path dataDir = Files.createDirectories(settings.stateDir().dataOf(Components.S3));
    List<String> args =
        List.of(
            "--port",
            Integer.toString(settings.s3Port()),
            "--data-dir",
            dataDir.toString(),
            "--access-key",
            Settings.S3_ACCESS_KEY,
            "--secret-key",
            Settings.S3_SECRET_KEY,
            "--kafka",
            settings.kafkaBootstrap(),
            "--topic",
            Topics.MINIO_BUCKET_EVENTS);
    return testkitMain(Components.S3, S3_MAIN, args);
  }

  LaunchSpec postgres() throws IOException {
    Path dataDir = Files.createDirectories(settings.stateDir().dataOf(Components.POSTGRES));
    List<String> args =
        List.of(
            "--port", Integer.toString(settings.postgresPort()), "--data-dir", dataDir.toString());
    return testkitMain(Components.POSTGRES, POSTGRES_MAIN, args);
  }

  LaunchSpec service(String service) {
    JavaCommand java = JavaCommand.of(settings.java(), settings.home(), service).maxHeap("256m");
    if (service.equals(SERVING_GATEWAY)) {
      java.option(GATEWAY_GC);
    }
    List<String> command = java.jar(artifacts.serviceJar(service), List.of());
    return new LaunchSpec(command, serviceEnvironment(service), settings.home());
  }

  /** The endpoints a service is pointed at, as MicroProfile Config environment variables. */
  public Map<String, String> serviceEnvironment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(settings.servicePort(service)));
    // Local mode is one person's machine: nothing else on the network reaches the APIs.
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", tokens.publicKeyFile().toString());
    env.put("MP_JWT_VERIFY_ISSUER", TokenMinter.LOCAL_ISSUER);
    env.put("KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrap());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", settings.postgresJdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", Settings.POSTGRES_USER);
    env.put("QUARKUS_DATASOURCE_PASSWORD", Settings.POSTGRES_PASSWORD);
    env.put("SLUICE_S3_ENDPOINT", settings.s3Endpoint());
    env.put("SLUICE_S3_ACCESS_KEY", Settings.S3_ACCESS_KEY);
    env.put("SLUICE_S3_SECRET_KEY", Settings.S3_SECRET_KEY);
    env.put("SLUICE_S3_REGION", Settings.S3_REGION);
    // ONNX Runtime otherwise writes a device id into the user's cache folder.
    env.put("ORT_DISABLE_TELEMETRY", "1");
    if (service.equals("trainer-launcher")) {
      // Local steps run host commands; relative paths in them (the steps jar) mean the repository.
      env.put("SLUICE_LAUNCHER_WORKING_DIR", settings.repoRoot().toString());
      env.put("SLUICE_LAUNCHER_WORK_DIR", settings.stateDir().dataOf(service).toString());
      // Outside data/: down --purge removes data, not the secrets a user put there.
      env.put("SLUICE_LAUNCHER_SECRETS_DIR", settings.stateDir().secrets().toString());
    }
    return env;
  }

  private LaunchSpec testkitMain(String component, String mainClass, List<String> args) {
    List<String> command =
        JavaCommand.of(settings.java(), settings.home(), component)
            .maxHeap("256m")
            .main(artifacts.testkitClassPath(), mainClass, args);
    return new LaunchSpec(command, Map.of(), settings.home());
  }
}

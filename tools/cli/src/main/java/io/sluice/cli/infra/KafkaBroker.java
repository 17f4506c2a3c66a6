package io.sluice.cli.infra;

import io.sluice.cli.CliException;
import io.sluice.cli.config.Components;
import io.sluice.cli.config.Settings;
import io.sluice.cli.config.StateDir;
import io.sluice.cli.process.JavaCommand;
import io.sluice.cli.process.LaunchSpec;
import io.sluice.cli.process.ProcessLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * Prepares the local-mode broker: writes its {@code server.properties} and log4j2 configuration
 * under {@code conf/}, formats its storage on first start (KRaft refuses unformatted log folders),
 * and returns how to run {@code kafka.Kafka}.
 */
public final class KafkaBroker {

  private static final String LOG_CONFIG_RESOURCE = "/kafka-log4j2.properties";
  private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(2);

  private final Settings settings;
  private final Artifacts artifacts;
  private final ProcessLauncher launcher;

  public KafkaBroker(Settings settings, Artifacts artifacts, ProcessLauncher launcher) {
    this.settings = settings;
    this.artifacts = artifacts;
    this.launcher = launcher;
  }

  public LaunchSpec prepare() throws IOException {
    StateDir dirs = settings.stateDir();
    Path dataDir = dirs.dataOf(Components.KAFKA);
    Files.createDirectories(dataDir);
    Files.createDirectories(dirs.conf());
    Path serverProperties = dirs.conf().resolve("kafka.properties");
    Files.writeString(
        serverProperties,
        KafkaServerConfig.render(
            KafkaServerConfig.forLocalMode(
                settings.kafkaPort(), settings.kafkaControllerPort(), dataDir)));
    Path logConfig = writeLogConfig(dirs.conf().resolve("kafka-log4j2.properties"));
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      format(serverProperties, logConfig);
    }
    List<String> command =
        JavaCommand.of(settings.java(), settings.home(), Components.KAFKA)
            .maxHeap("512m")
            .systemProperty("log4j2.configurationFile", logConfig.toString())
            .main(classPath(), "kafka.Kafka", List.of(serverProperties.toString()));
    return new LaunchSpec(command, Map.of(), settings.home());
  }

  private void format(Path serverProperties, Path logConfig) throws IOException {
    List<String> command =
        List.of(
            settings.java().toString(),
            "-Xmx256m",
            "-Dlog4j2.configurationFile=" + logConfig,
            "-cp",
            classPath(),
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            serverProperties.toString(),
            "--ignore-formatted");
    Path log = settings.stateDir().logFile(Components.KAFKA);
    int exitCode =
        launcher.runToCompletion(
            new LaunchSpec(command, Map.of(), settings.home()), log, FORMAT_TIMEOUT);
    if (exitCode != 0) {
      throw new CliException(
          "formatting the Kafka storage failed (exit code " + exitCode + "); see " + log);
    }
  }

  private String classPath() {
    return artifacts.cliLib() + "/*";
  }

  private static Path writeLogConfig(Path target) throws IOException {
    try (InputStream in = KafkaBroker.class.getResourceAsStream(LOG_CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(LOG_CONFIG_RESOURCE + " is missing from the CLI jar");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}

package io.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.cli.CliException;
import io.sluice.cli.args.UsageException;
import io.sluice.cli.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {

  @TempDir Path home;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  private LogsCommand logs() {
    Settings settings =
        Settings.fromEnvironment(
            Map.of("SLUICE_HOME", home.toString()), home, Path.of("java"), "test", home);
    return new LogsCommand(settings, new PrintStream(output, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsTheComponentsLog() throws Exception {
    Files.createDirectories(home.resolve("logs"));
    Files.writeString(home.resolve("logs/registry.log"), "line one\nline two\n");

    assertThat(logs().run("registry", false)).isZero();

    assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("line one\nline two\n");
  }

  @Test
  void anUnknownNameIsAUsageErrorListingTheValidNames() {
    assertThatThrownBy(() -> logs().run("zookeeper", false))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown component 'zookeeper'")
        .hasMessageContaining(
            "kafka, s3, postgres, ingest, orchestrator, trainer-launcher, registry,"
                + " serving-gateway");
  }

  @Test
  void aComponentThatNeverRanHasNoLogYet() {
    assertThatThrownBy(() -> logs().run("kafka", false))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("no log of kafka yet");
  }
}

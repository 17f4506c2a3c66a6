package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./sluice} script: it checks java, finds the CLI that this module's {@code package}
 * built (so it builds nothing here), and hands the arguments over.
 */
class SluiceScriptIT {

  @TempDir Path dir;

  private CliRunner runner() {
    return new CliRunner(Map.of("SLUICE_HOME", dir.resolve("state").toString()), dir);
  }

  @Test
  void helpListsTheCommands() throws Exception {
    CliRunner.Result help = runner().script(Map.of(), "help");

    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.stdout())
        .contains("Usage: ./sluice <command>")
        .contains(
            "up [--infra-only]",
            "status",
            "logs <name> [-f]",
            "restart <service>",
            "down [--purge]");
    assertThat(help.stderr()).doesNotContain("building");
  }

  @Test
  void anUnknownCommandFailsWithAPointerToHelp() throws Exception {
    CliRunner.Result result = runner().script(Map.of(), "deploy");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("unknown command 'deploy'").contains("./sluice help");
  }

  @Test
  void statusWithNothingStartedShowsEveryComponentStopped() throws Exception {
    CliRunner.Result status = runner().script(Map.of(), "status");

    assertThat(status.exitCode()).as(status.describe()).isZero();
    assertThat(status.stdout().lines().filter(line -> line.endsWith("stopped"))).hasSize(8);
  }

  @Test
  void aJavaOlderThan17IsRefusedWithAClearMessage() throws Exception {
    Path fakeJdk = fakeJava("11");

    CliRunner.Result result = runner().script(Map.of("JAVA_HOME", fakeJdk.toString()), "status");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("is Java 11; Sluice needs Java 17 or newer");
  }

  @Test
  void java8IsRecognisedByItsOldVersionScheme() throws Exception {
    Path fakeJdk = fakeJava("1.8");

    CliRunner.Result result = runner().script(Map.of("JAVA_HOME", fakeJdk.toString()), "help");

    assertThat(result.stderr()).contains("is Java 8; Sluice needs Java 17 or newer");
  }

  @Test
  void aJavaHomeWithoutJavaIsReported() throws Exception {
    CliRunner.Result result =
        runner().script(Map.of("JAVA_HOME", dir.resolve("nothing").toString()), "help");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("has no bin/java");
  }

  /** A JDK folder whose java only reports the given specification version, as old JDKs do. */
  private Path fakeJava(String specificationVersion) throws Exception {
    Path jdk = dir.resolve("jdk-" + specificationVersion);
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\necho '    java.specification.version = " + specificationVersion + "' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return jdk;
  }
}

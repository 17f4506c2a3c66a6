package io.sluice.cli.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.config.Settings;
import io.sluice.cli.process.LaunchSpec;
import io.sluice.cli.process.ProcessLauncher;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchesTest {

  @TempDir Path home;

  private Settings settings() {
    return Settings.fromEnvironment(
        Map.of(
            "SLUICE_HOME", home.toString(),
            "SLUICE_KAFKA_PORT", "19092",
            "SLUICE_S3_PORT", "19000",
            "SLUICE_PG_PORT", "25432",
            "SLUICE_PORT_BASE", "18081"),
        Path.of("/repo"),
        Path.of("/jdk/bin/java"),
        "1.2.3",
        home);
  }

  private Launches launches() {
    Settings settings = settings();
    return new Launches(settings, new Artifacts(settings), new ProcessLauncher());
  }

  @Test
  void s3RunsTheTestkitMainWithItsFolderCredentialsAndNotificationTopic() throws Exception {
    LaunchSpec spec = launches().s3();

    assertThat(spec.command())
        .containsSubsequence(
            "-cp",
            "/repo/libs/testkit/target/sluice-testkit-1.2.3.jar:/repo/libs/testkit/target/lib/*",
            "io.sluice.testkit.local.LocalS3Main",
            "--port",
            "19000",
            "--data-dir",
            home.resolve("data/s3").toString(),
            "--access-key",
            "minioadmin",
            "--secret-key",
            "minioadmin",
            "--kafka",
            "localhost:19092",
            "--topic",
            "minio.bucket.events");
    assertThat(home.resolve("data/s3")).isDirectory();
  }

  @Test
  void postgresRunsTheTestkitMainOnItsPortAndFolder() throws Exception {
    assertThat(launches().postgres().command())
        .containsSubsequence(
            "io.sluice.testkit.local.LocalPostgresMain",
            "--port",
            "25432",
            "--data-dir",
            home.resolve("data/postgres").toString());
  }

  @Test
  void aServiceRunsItsQuarkusFastJarWithASmallHeap() {
    assertThat(launches().service("registry").command())
        .containsSubsequence(
            "/jdk/bin/java",
            "-Dsluice.component=registry",
            "-Xmx256m",
            "-jar",
            "/repo/services/registry/target/quarkus-app/quarkus-run.jar");
  }

  @Test
  void onlyTheServingGatewayRunsTheThroughputCollector() {
    assertThat(launches().service("serving-gateway").command())
        .containsSubsequence(
            "-Dsluice.component=serving-gateway", "-Xmx256m", "-XX:+UseParallelGC", "-jar");
    assertThat(launches().service("registry").command()).doesNotContain("-XX:+UseParallelGC");
    assertThat(launches().service("orchestrator").command()).doesNotContain("-XX:+UseParallelGC");
  }

  @Test
  void aServiceIsPointedAtLocalModeThroughItsEnvironment() {
    assertThat(launches().service("orchestrator").environment())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("QUARKUS_HTTP_PORT", "18082"),
                Map.entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                Map.entry(
                    "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                    home.resolve("keys/token-signing-key.pub.pem").toString()),
                Map.entry("MP_JWT_VERIFY_ISSUER", "sluice-local"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "localhost:19092"),
                Map.entry(
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:25432/sluice"),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", "postgres"),
                Map.entry("SLUICE_S3_ENDPOINT", "http://localhost:19000"),
                Map.entry("SLUICE_S3_ACCESS_KEY", "minioadmin"),
                Map.entry("SLUICE_S3_SECRET_KEY", "minioadmin"),
                Map.entry("SLUICE_S3_REGION", "us-east-1"),
                Map.entry("ORT_DISABLE_TELEMETRY", "1")));
  }

  @Test
  void theLauncherReadsLocalSecretsFromTheStateFolder() {
    assertThat(launches().service("trainer-launcher").environment())
        .containsEntry("SLUICE_LAUNCHER_SECRETS_DIR", home.resolve("secrets").toString())
        .containsEntry(
            "SLUICE_LAUNCHER_WORK_DIR", home.resolve("data/trainer-launcher").toString());
    assertThat(launches().service("registry").environment())
        .doesNotContainKey("SLUICE_LAUNCHER_SECRETS_DIR");
  }

  @Test
  void everyProcessRunsInTheStateFolder() throws Exception {
    assertThat(launches().postgres().workingDir()).isEqualTo(home);
    assertThat(launches().service("ingest").workingDir()).isEqualTo(home);
  }
}

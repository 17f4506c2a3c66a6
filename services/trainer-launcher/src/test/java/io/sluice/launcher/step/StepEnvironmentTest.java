package io.sluice.launcher.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepEnvironmentTest {

  @Test
  void inheritsOnlyAllowListedLauncherVariables() {
    Map<String, String> env =
        StepEnvironment.inheriting(
                Map.of("PATH", "/usr/bin", "SLUICE_S3_SECRET_KEY", "launcher-secret", "HOME", "/h"))
            .toMap();

    assertThat(env).containsEntry("PATH", "/usr/bin").containsEntry("HOME", "/h");
    assertThat(env).doesNotContainKey("SLUICE_S3_SECRET_KEY");
  }

  @Test
  void exportsFoldersMetricsFileAndDisablesOnnxTelemetry() {
    Map<String, String> env =
        StepEnvironment.inheriting(Map.of())
            .with(Map.of("SEED", "42"))
            .input("train-set", Path.of("/w/in"))
            .output("model", Path.of("/w/out"))
            .metricsFile(Path.of("/w/metrics.json"))
            .toMap();

    assertThat(env)
        .containsEntry("SEED", "42")
        .containsEntry("SLUICE_INPUT_TRAIN_SET", "/w/in")
        .containsEntry("SLUICE_OUTPUT_MODEL", "/w/out")
        .containsEntry("SLUICE_METRICS_FILE", "/w/metrics.json")
        .containsEntry("ORT_DISABLE_TELEMETRY", "1");
  }

  @Test
  void contractVariablesWinOverTheRequestsEnv() {
    Map<String, String> env =
        StepEnvironment.inheriting(Map.of())
            .with(Map.of("SLUICE_METRICS_FILE", "/etc/passwd"))
            .metricsFile(Path.of("/w/metrics.json"))
            .toMap();

    assertThat(env).containsEntry("SLUICE_METRICS_FILE", "/w/metrics.json");
  }

  @Test
  void treatsValuesOfSecretLookingNamesAsSensitive() {
    StepEnvironment env =
        StepEnvironment.inheriting(Map.of())
            .with(
                Map.of(
                    "DB_PASSWORD", "pw1",
                    "api_token", "tok",
                    "AWS_SECRET_ACCESS_KEY", "sk",
                    "SIGNING_KEY", "k",
                    "SEED", "42",
                    "EMPTY_TOKEN", " "));

    assertThat(env.sensitiveValues()).containsExactlyInAnyOrder("pw1", "tok", "sk", "k");
  }
}

package io.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StorageSettingsTest {

  @Test
  void environmentGivesEndpointCredentialsAndDefaults() {
    StorageSettings settings =
        StorageSettings.fromEnvironment(
            Map.of(
                "SLUICE_S3_ENDPOINT", "https://minio.storage:9000",
                "SLUICE_S3_ACCESS_KEY", "sluice",
                "SLUICE_S3_SECRET_KEY", "s3cr3t",
                "SLUICE_S3_TRUST_CERTIFICATES", "/etc/sluice/ca.pem"));

    assertThat(settings.endpoint()).isEqualTo(URI.create("https://minio.storage:9000"));
    assertThat(settings.region()).isEqualTo("us-east-1");
    assertThat(settings.callTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.trustCertificates()).contains(Path.of("/etc/sluice/ca.pem"));
  }

  @Test
  void missingCredentialIsNamed() {
    assertThatThrownBy(
            () ->
                StorageSettings.fromEnvironment(
                    Map.of("SLUICE_S3_ENDPOINT", "http://minio:9000", "SLUICE_S3_ACCESS_KEY", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the environment variable SLUICE_S3_SECRET_KEY is required");
  }

  @Test
  void secretKeyNeverAppearsInTheText() {
    StorageSettings settings =
        StorageSettings.of(URI.create("http://minio:9000"), "us-east-1", "sluice", "s3cr3t");

    assertThat(settings.toString()).contains("sluice").doesNotContain("s3cr3t");
  }

  @Test
  void zeroTimeoutIsRefused() {
    StorageSettings settings =
        StorageSettings.of(URI.create("http://minio:9000"), "us-east-1", "a", "b");

    assertThatThrownBy(
            () ->
                settings.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout");
    assertThat(settings.trustCertificates()).isEqualTo(Optional.empty());
  }
}

package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.FailureReason;
import io.sluice.events.SecretRef;
import io.sluice.launcher.local.SecretResolver.ResolvedSecrets;
import io.sluice.launcher.step.StepFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

  private static final SecretRef DB_PASSWORD = new SecretRef("db-creds", "password", "DB_PW");

  @TempDir Path dir;

  private void secret(String name, String key, byte[] value) throws Exception {
    Files.createDirectories(dir.resolve(name));
    Files.write(dir.resolve(name).resolve(key), value);
  }

  @Test
  void resolvesReferencesFromTheLaunchersOwnEnvironment() throws Exception {
    SecretResolver resolver = new SecretResolver(Map.of("SLUICE_SECRET_DB_CREDS_PASSWORD", "pw"));

    assertThat(resolver.resolve(List.of(DB_PASSWORD)).env())
        .containsExactly(Map.entry("DB_PW", "pw"));
  }

  @Test
  void resolvesFromTheSecretsFolderFirstWithTheFilesExactBytes() throws Exception {
    secret("db-creds", "password", "from-folder\n".getBytes(StandardCharsets.UTF_8));
    secret("tls", "ca.crt", new byte[] {0, 1, 2});
    SecretResolver resolver =
        new SecretResolver(dir, Map.of("SLUICE_SECRET_DB_CREDS_PASSWORD", "from-env"));

    ResolvedSecrets resolved =
        resolver.resolve(List.of(DB_PASSWORD, SecretRef.asFile("tls", "ca.crt", "ca.pem")));

    assertThat(resolved.env()).containsExactly(Map.entry("DB_PW", "from-folder\n"));
    assertThat(resolved.files()).containsOnlyKeys("ca.pem");
    assertThat(resolved.files().get("ca.pem")).containsExactly(0, 1, 2);
  }

  @Test
  void fallsBackToTheEnvironmentWhenTheFolderHasNoSuchKey() throws Exception {
    SecretResolver resolver =
        new SecretResolver(dir, Map.of("SLUICE_SECRET_DB_CREDS_PASSWORD", "from-env"));

    assertThat(resolver.resolve(List.of(DB_PASSWORD)).env()).containsEntry("DB_PW", "from-env");
  }

  @Test
  void failsOnAnUnknownSecretNamingItWithoutRevealingAnyValue() throws Exception {
    secret("db-creds", "other-key", "value-y".getBytes(StandardCharsets.UTF_8));
    SecretResolver resolver = new SecretResolver(dir, Map.of("SLUICE_SECRET_OTHER_KEY", "value-x"));

    assertThatThrownBy(() -> resolver.resolve(List.of(DB_PASSWORD)))
        .isInstanceOf(StepFailure.class)
        .satisfies(
            e -> assertThat(((StepFailure) e).reason()).isEqualTo(FailureReason.INVALID_REQUEST))
        .satisfies(e -> assertThat(((StepFailure) e).retryable()).isFalse())
        .hasMessageContaining("secret 'db-creds' key 'password'")
        .hasMessageContaining("SLUICE_SECRET_DB_CREDS_PASSWORD")
        .hasMessageNotContaining("value-x")
        .hasMessageNotContaining("value-y");
  }

  @Test
  void refusesNamesThatWouldLeaveTheSecretsFolder() throws Exception {
    Files.writeString(dir.resolveSibling("outside"), "not-a-secret");
    SecretResolver resolver = new SecretResolver(dir.resolve("store"), Map.of());
    for (SecretRef bad :
        List.of(
            new SecretRef("..", "outside", "A"),
            new SecretRef("db", "..", "A"),
            new SecretRef("db/../..", "outside", "A"),
            new SecretRef("db", "../../outside", "A"),
            new SecretRef("/etc", "passwd", "A"))) {
      assertThatThrownBy(() -> resolver.resolve(List.of(bad)))
          .as(bad.toString())
          .isInstanceOf(StepFailure.class)
          .hasMessageContaining("is not a valid secret name and key")
          .hasMessageNotContaining("not-a-secret");
    }
  }

  @Test
  void refusesAValueLargerThanASecretMayBe() throws Exception {
    byte[] big = new byte[SecretResolver.MAX_VALUE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'x');
    secret("big", "blob", big);
    SecretResolver resolver = new SecretResolver(dir, Map.of());

    assertThatThrownBy(() -> resolver.resolve(List.of(SecretRef.asFile("big", "blob", "blob"))))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("secret 'big' key 'blob' is larger than 1048576 bytes")
        .hasMessageNotContaining("xxxx");
  }

  /** The JDK's refusal of such a variable quotes the value, which would end up in step.failed. */
  @Test
  void refusesAValueWithANulByteAsAVariableWithoutQuotingIt() throws Exception {
    secret("db-creds", "password", "hunter2\0rest".getBytes(StandardCharsets.UTF_8));
    SecretResolver resolver = new SecretResolver(dir, Map.of());

    assertThatThrownBy(() -> resolver.resolve(List.of(DB_PASSWORD)))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("NUL")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void everyResolvedValueIsListedForMasking() throws Exception {
    secret("tls", "key.pem", "pem-value".getBytes(StandardCharsets.UTF_8));
    SecretResolver resolver =
        new SecretResolver(dir, Map.of("SLUICE_SECRET_DB_CREDS_PASSWORD", "env-value"));

    ResolvedSecrets resolved =
        resolver.resolve(List.of(DB_PASSWORD, SecretRef.asFile("tls", "key.pem", "k")));

    assertThat(resolved.values()).containsExactlyInAnyOrder("env-value", "pem-value");
  }
}

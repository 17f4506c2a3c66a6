package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.SecretRef;
import io.sluice.launcher.step.StepFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretResolverTest {

  @Test
  void resolvesReferencesFromTheLaunchersOwnEnvironment() throws Exception {
    SecretResolver resolver = new SecretResolver(Map.of("SLUICE_SECRET_DB_CREDS_PASSWORD", "pw"));

    assertThat(resolver.resolve(List.of(new SecretRef("db-creds", "password", "DB_PASSWORD"))))
        .containsExactly(Map.entry("DB_PASSWORD", "pw"));
  }

  @Test
  void failsOnAnUnknownSecretWithoutRevealingAnyValue() {
    SecretResolver resolver = new SecretResolver(Map.of("SLUICE_SECRET_OTHER_KEY", "value-x"));

    assertThatThrownBy(
            () -> resolver.resolve(List.of(new SecretRef("db-creds", "password", "DB_PASSWORD"))))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("SLUICE_SECRET_DB_CREDS_PASSWORD")
        .hasMessageNotContaining("value-x");
  }
}

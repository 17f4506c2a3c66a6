package io.sluice.security.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LifetimesTest {

  @Test
  void readsEachUnit() {
    assertThat(Lifetimes.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Lifetimes.parse("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Lifetimes.parse("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(Lifetimes.parse("7d")).isEqualTo(Duration.ofDays(7));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7", "d", "0d", "-1h", "1w", "1.5h", "99999999d", "7 d", "7D"})
  void refusesAnythingElseNamingTheForm(String text) {
    assertThatThrownBy(() -> Lifetimes.parse(text)).hasMessageContaining("e.g. 30m or 7d");
  }
}

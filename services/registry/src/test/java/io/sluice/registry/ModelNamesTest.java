package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"iris", "iris-classifier", "iris_v2", "team.iris", "0day"})
  void acceptsPipelineStyleModelNames(String name) {
    assertThat(ModelNames.isModelName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Iris", "-iris", ".iris", "a/b", "..", "a..b", "a\u0000b", "a b"})
  void refusesOtherModelNames(String name) {
    assertThat(ModelNames.isModelName(name)).isFalse();
  }

  @Test
  void refusesNullAndOverlongNames() {
    assertThat(ModelNames.isModelName(null)).isFalse();
    assertThat(ModelNames.isModelName("a".repeat(128))).isTrue();
    assertThat(ModelNames.isModelName("a".repeat(129))).isFalse();
  }

  @Test
  void shownClipsAndMasksControlCharacters() {
    assertThat(ModelNames.shown("bad\nname\u0000")).isEqualTo("bad?name?");
    assertThat(ModelNames.shown("x".repeat(500))).isEqualTo("x".repeat(40) + "...");
    assertThat(ModelNames.shown(null)).isEqualTo("null");
  }

  @Test
  void aliasesAreShortLowerCaseWords() {
    assertThat(ModelNames.isAlias("champion")).isTrue();
    assertThat(ModelNames.isAlias("Champion")).isFalse();
    assertThat(ModelNames.isAlias("../champion")).isFalse();
  }
}

package io.sluice.security.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerHeadersTest {

  @Test
  void theTokenIsTakenWhateverTheSchemesCase() {
    assertThat(BearerHeaders.tokenOf("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
    assertThat(BearerHeaders.tokenOf("bearer abc")).isEqualTo("abc");
    assertThat(BearerHeaders.tokenOf("BEARER  abc  ")).isEqualTo("abc");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer ", "Bearer    ", "Bearerabc", "", "Bear"})
  void anotherSchemeOrAnEmptyTokenIsNoToken(String header) {
    assertThat(BearerHeaders.tokenOf(header)).isNull();
  }

  @Test
  void noHeaderIsNoToken() {
    assertThat(BearerHeaders.tokenOf(null)).isNull();
  }
}

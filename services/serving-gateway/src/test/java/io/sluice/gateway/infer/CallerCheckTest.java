package io.sluice.gateway.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerCheckTest {

  @Test
  void bearerTokenIsTakenWhateverTheSchemesCase() {
    assertThat(CallerCheck.bearerToken("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
    assertThat(CallerCheck.bearerToken("bearer abc")).isEqualTo("abc");
  }

  @Test
  void anotherSchemeOrAnEmptyTokenIsNoToken() {
    assertThat(CallerCheck.bearerToken(null)).isNull();
    assertThat(CallerCheck.bearerToken("Basic dXNlcjpwYXNz")).isNull();
    assertThat(CallerCheck.bearerToken("Bearer ")).isNull();
    assertThat(CallerCheck.bearerToken("Bearer    ")).isNull();
    assertThat(CallerCheck.bearerToken("Bearerabc")).isNull();
  }
}

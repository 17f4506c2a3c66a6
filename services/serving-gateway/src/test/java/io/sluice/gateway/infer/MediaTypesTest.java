package io.sluice.gateway.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"application/json", "Application/JSON", "application/json; charset=utf-8"})
  void jsonWithOrWithoutParametersIsJson(String type) {
    assertThat(MediaTypes.isJson(type)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "application/xml", "application/jsonx", "application/*"})
  void otherTypesAreNotJson(String type) {
    assertThat(MediaTypes.isJson(type)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/*", "application/*", "text/html, application/json;q=0.9", ""})
  void acceptThatAllowsJsonIsAccepted(String accept) {
    assertThat(MediaTypes.acceptsJson(accept)).isTrue();
  }

  @Test
  void acceptOfHtmlOnlyIsNotAccepted() {
    assertThat(MediaTypes.acceptsJson("text/html, application/xml")).isFalse();
  }
}

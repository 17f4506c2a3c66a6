package io.sluice.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalCommandsTest {

  private final LocalCommands defaults =
      LocalCommands.of(List.of("java", "python3", "/usr/bin/python3"));

  @ParameterizedTest
  @ValueSource(strings = {"java", "python3", "/usr/bin/python3"})
  void allowsListedExecutablesExactly(String executable) {
    assertThat(defaults.refusal(List.of(executable, "-version"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sh",
        "bash",
        "/bin/sh",
        "/usr/bin/java",
        "/tmp/evil/java",
        "./java",
        "bin/java",
        "../java",
        "/usr/bin/../bin/python3",
        "/usr/bin//python3",
        "java ",
        " java",
        "JAVA",
        "java\u0000",
        "python3.11",
        "{{inputs.tool}}/java",
        ""
      })
  void refusesEverythingElse(String executable) {
    assertThat(defaults.refusal(List.of(executable, "-c", "touch /tmp/pwned")))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("is not allowed")
                    .contains("[java, python3, /usr/bin/python3]")
                    .doesNotContain("\u0000"));
  }

  @Test
  void refusesAnEmptyArgv() {
    assertThat(defaults.refusal(List.of())).isPresent();
  }

  @Test
  void anEmptyListAllowsNothing() {
    assertThat(LocalCommands.of(List.of(" ")).refusal(List.of("java"))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"bin/java", "./java", "..", ".", "-c", "/usr/../bin/sh", "/usr/bin/", "ja va"})
  void refusesEntriesThatAreNeitherBareNamesNorNormalisedAbsolutePaths(String entry) {
    assertThatThrownBy(() -> LocalCommands.of(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a bare executable name");
  }
}

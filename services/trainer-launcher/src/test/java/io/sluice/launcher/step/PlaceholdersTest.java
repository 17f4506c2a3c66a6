package io.sluice.launcher.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.FailureReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  private final Placeholders placeholders =
      new Placeholders(
          Map.of("data", Path.of("/w/inputs/data")), Map.of("model", Path.of("/w/outputs/model")));

  @Test
  void replacesInputAndOutputPlaceholdersAnywhereInAnArgument() throws Exception {
    List<String> argv =
        placeholders.substitute(
            List.of("java", "--in={{inputs.data}}", "{{ outputs.model }}/m.onnx", "plain"));

    assertThat(argv)
        .containsExactly("java", "--in=/w/inputs/data", "/w/outputs/model/m.onnx", "plain");
  }

  @Test
  void replacesSeveralPlaceholdersInOneArgument() throws Exception {
    assertThat(placeholders.substitute(List.of("cp {{inputs.data}}/a {{outputs.model}}/a")))
        .containsExactly("cp /w/inputs/data/a /w/outputs/model/a");
  }

  @Test
  void rejectsPlaceholderOfUnknownInput() {
    assertThatThrownBy(() -> placeholders.substitute(List.of("{{inputs.missing}}")))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("inputs.missing")
        .satisfies(
            e -> assertThat(((StepFailure) e).reason()).isEqualTo(FailureReason.INVALID_REQUEST));
  }

  @Test
  void rejectsPlaceholderThatIsNeitherInputNorOutput() {
    assertThatThrownBy(() -> placeholders.substitute(List.of("{{params.seed}}")))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("params.seed");
  }

  @Test
  void leavesDollarSignsAndBackslashesInPathsAlone() throws Exception {
    Placeholders odd = new Placeholders(Map.of("x", Path.of("/w/$1\\a")), Map.of());

    assertThat(odd.substitute(List.of("{{inputs.x}}"))).containsExactly("/w/$1\\a");
  }
}

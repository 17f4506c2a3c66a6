package io.sluice.steps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {

  private static final Set<String> KNOWN = Set.of("data", "lr-model", "seed", "candidate");

  @Test
  void readsSpaceAndEqualsSeparatedValues() {
    Flags flags = Flags.parse("cmd", List.of("--data", "/in", "--seed=7"), KNOWN, Map.of());

    assertThat(flags.inputFolder("data")).isEqualTo(Path.of("/in"));
    assertThat(flags.longValue("seed", 42)).isEqualTo(7);
  }

  @Test
  void foldersDefaultToTheStepContractEnvironment() {
    Map<String, String> env =
        Map.of("SLUICE_INPUT_DATA", "/staged/data", "SLUICE_OUTPUT_LR_MODEL", "/out/model");
    Flags flags = Flags.parse("cmd", List.of(), KNOWN, env);

    assertThat(flags.inputFolder("data")).isEqualTo(Path.of("/staged/data"));
    assertThat(flags.outputFolder("lr-model")).isEqualTo(Path.of("/out/model"));
  }

  @Test
  void flagOverridesEnvironment() {
    Flags flags =
        Flags.parse("cmd", List.of("--data", "/mine"), KNOWN, Map.of("SLUICE_INPUT_DATA", "/env"));

    assertThat(flags.inputFolder("data")).isEqualTo(Path.of("/mine"));
  }

  @Test
  void metricsFileComesFromEnvironmentWhenNotGiven() {
    Flags flags = Flags.parse("cmd", List.of(), KNOWN, Map.of("SLUICE_METRICS_FILE", "/m.json"));

    assertThat(flags.metricsFile()).isEqualTo(Path.of("/m.json"));
    assertThat(Flags.parse("cmd", List.of(), KNOWN, Map.of()).metricsFile()).isNull();
  }

  @Test
  void keepsEveryValueOfARepeatedFlag() {
    Flags flags =
        Flags.parse("cmd", List.of("--candidate", "a", "--candidate", "b"), KNOWN, Map.of());

    assertThat(flags.all("candidate")).containsExactly("a", "b");
  }

  @Test
  void rejectsUnknownFlagAndListsTheKnownOnes() {
    assertThatThrownBy(() -> Flags.parse("split", List.of("--dtaa", "x"), KNOWN, Map.of()))
        .isInstanceOf(StepFailure.class)
        .hasMessageContaining("unknown flag --dtaa")
        .hasMessageContaining("--data");
  }

  @Test
  void rejectsFlagWithoutValueAndStrayArgument() {
    assertThatThrownBy(() -> Flags.parse("cmd", List.of("--data"), KNOWN, Map.of()))
        .hasMessageContaining("--data needs a value");
    assertThatThrownBy(() -> Flags.parse("cmd", List.of("data"), KNOWN, Map.of()))
        .hasMessageContaining("unexpected argument 'data'");
  }

  @Test
  void missingFolderNamesBothTheFlagAndTheVariable() {
    Flags flags = Flags.parse("cmd", List.of(), KNOWN, Map.of());

    assertThatThrownBy(() -> flags.inputFolder("data"))
        .hasMessageContaining("--data")
        .hasMessageContaining("SLUICE_INPUT_DATA");
  }

  @Test
  void rejectsFractionOutsideZeroToOneAndNonNumericSeed() {
    Map<String, String> env = Map.of();
    assertThatThrownBy(
            () -> Flags.parse("cmd", List.of("--seed", "1.5"), KNOWN, env).fraction("seed", 0.3))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(
            () -> Flags.parse("cmd", List.of("--seed", "abc"), KNOWN, env).longValue("seed", 1))
        .hasMessageContaining("whole number");
  }
}

package io.sluice.orchestrator.spec;

import static io.sluice.orchestrator.spec.TrainStepLines.trainWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The {@code {{dataset.x}}} placeholders: which the spec may use, and what they leave alone. */
class DatasetPlaceholderSpecTest {

  private final SpecParser parser = new SpecParser();

  private static String trainCommand(String args) {
    return SpecParserTest.MINIMAL.replace(
        "command: [train, \"{{inputs.train}}\"]",
        "command: [train, \"{{inputs.train}}\", " + args + "]");
  }

  private void assertRefused(String yaml, int line, String problem) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((SpecException) e).line()).as(e.getMessage()).isEqualTo(line));
  }

  @Test
  void everyDatasetFieldIsAcceptedInCommandAndEnv() throws Exception {
    String yaml =
        trainWith(
                "env: {LABEL: \"{{ dataset.label }}\", DATA: \"{{dataset.name}}@{{dataset.version}}\"}")
            .replace(
                "command: [train, \"{{inputs.train}}\"]",
                "command: [train, \"{{inputs.train}}\", --label, \"{{dataset.label}}\","
                    + " --features, \"{{dataset.features}}\"]");

    StepSpec train = parser.parse(yaml).step("train").orElseThrow();

    assertThat(train.command()).contains("{{dataset.label}}", "{{dataset.features}}");
    assertThat(train.env()).containsEntry("LABEL", "{{ dataset.label }}");
  }

  @Test
  void anUnknownDatasetFieldIsRefusedAtItsLineNamingTheKnownOnes() {
    assertRefused(
        trainCommand("\"{{dataset.target}}\""),
        12,
        "unknown placeholder {{dataset.target}}: no dataset 'target' [label, features, name,"
            + " version]");
    assertRefused(trainWith("env: {X: \"{{dataset.labels}}\"}"), 15, "no dataset 'labels'");
  }

  @Test
  void malformedAndHostileDatasetPlaceholdersAreRefusedWithALine() {
    assertRefused(trainCommand("\"{{dataset.}}\""), 12, "unknown placeholder {{dataset.}}");
    assertRefused(trainCommand("\"{{dataset}}\""), 12, "unknown placeholder {{dataset}}");
    assertRefused(trainCommand("\"{{dataset.label.name}}\""), 12, "unknown placeholder");
    assertRefused(trainCommand("\"{{dataset.label\""), 12, "unclosed placeholder");
    assertRefused(trainCommand("\"{{dataset.$(rm -rf /)}}\""), 12, "unknown placeholder");
    assertRefused(trainCommand("\"{{DATASET.label}}\""), 12, "unknown placeholder");
    String huge = "x".repeat(100_000);
    assertThatThrownBy(() -> parser.parse(trainCommand("\"{{dataset." + huge + "}}\"")))
        .isInstanceOf(SpecException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).contains("line 12"));
  }

  @Test
  void theSamePlaceholderTwiceIsFine() throws Exception {
    StepSpec train =
        parser
            .parse(trainCommand("\"{{dataset.label}}\", \"{{dataset.label}}\""))
            .step("train")
            .orElseThrow();

    assertThat(train.command()).containsSubsequence("{{dataset.label}}", "{{dataset.label}}");
  }

  @Test
  void specsWithoutDatasetPlaceholdersKeepTheirVersions() throws Exception {
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.iris())))
        .isEqualTo("b9cc816c593f150a6f298e98e1aa3f1564878d03dde7768c6febad937d446da4");
    assertThat(CanonicalSpec.version(parser.parse(trainCommand("\"{{dataset.label}}\""))))
        .isNotEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
  }

  @Test
  void substitutionReplacesParamsAndDatasetInOnePassAndLeavesExecutorPlaceholders() {
    String text = "{{dataset.label}}|{{params.seed}}|{{inputs.train}}|{{dataset.missing}}";
    java.util.Map<String, String> dataset =
        java.util.Map.of("label", "{{params.seed}}", "features", "a,b");

    assertThat(Placeholders.substitute(text, java.util.Map.of("seed", "7"), dataset))
        .isEqualTo("{{params.seed}}|7|{{inputs.train}}|{{dataset.missing}}");
    assertThat(Placeholders.uses("--label={{ dataset.label }}", "dataset", "label")).isTrue();
    assertThat(Placeholders.uses("--label={{params.label}}", "dataset", "label")).isFalse();
  }
}

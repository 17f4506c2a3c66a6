package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.FailureReason;
import org.junit.jupiter.api.Test;

/** {@code when:} and {@code retryOn:} in a spec: parsed, refused with lines, and hashed. */
class ConditionSpecTest {

  private final SpecParser parser = new SpecParser();

  /** MINIMAL plus an evaluate step (metrics only) and a register step with {@code extra}. */
  private static String spec(String registerExtra) {
    return SpecParserTest.MINIMAL.replace("params: {seed: 7}", "params: {seed: 7, baseline: 0.9}")
        + """
          - name: evaluate
            image: img:1
            command: [evaluate, "{{inputs.model}}"]
            inputs: {model: train.model}
          - name: register
            image: img:1
            command: [register, "{{inputs.model}}"]
            inputs: {model: train.model}
        """
        + registerExtra;
  }

  private void assertRefused(String yaml, int line, String problem) {
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((SpecException) e).line()).as(e.getMessage()).isEqualTo(line));
  }

  @Test
  void aConditionOnAnotherStepsMetricsMakesTheStepWaitForIt() throws Exception {
    PipelineSpec spec =
        parser.parse(spec("    when: \"evaluate.metrics.accuracy >= params.baseline\"\n"));
    StepSpec register = spec.step("register").orElseThrow();
    assertThat(register.when().text()).isEqualTo("evaluate.metrics.accuracy >= params.baseline");
    assertThat(register.upstreamSteps()).containsExactly("train", "evaluate");
    assertThat(Dag.of(spec).topologicalOrder()).endsWith("evaluate", "register");
  }

  @Test
  void refusesABadConditionWithItsLineAndColumn() {
    assertRefused(
        spec("    when: \"evaluate.metrics.accuracy >= \"\n"),
        23,
        "line 23: step 'register' when: expected a value, got the end of the condition at column"
            + " 30");
    assertRefused(
        spec("    when: \"params.threshold < 1\"\n"),
        23,
        "step 'register' when: unknown param 'threshold' (params: [baseline, seed]) at column 1");
    assertRefused(
        spec("    when: \"evaluat.metrics.accuracy > 0.5\"\n"),
        23,
        "step 'register' when: unknown step 'evaluat' at column 1");
    assertRefused(
        spec("    when: \"true and register.metrics.x > 1\"\n"),
        23,
        "step 'register' when: a step cannot read its own metrics at column 10");
    assertRefused(spec("    when: [a, b]\n"), 23, "step 'register' when must be a string");
    assertRefused(spec("    when: \"\"\n"), 23, "must not be blank");
    assertRefused(spec("    when: \"true\"\n    when: \"false\"\n"), 24, "duplicate key 'when'");
  }

  @Test
  void refusesAConditionOnTheMetricsOfAFannedOutStep() {
    String yaml =
        spec("    when: \"evaluate.metrics.accuracy > 0.5\"\n")
            .replace(
                "inputs: {model: train.model}\n  - name: register",
                "inputs: {model: train.model}\n    fanOut: {items: [{a: \"1\"}, {a: \"2\"}]}\n"
                    + "  - name: register");
    assertThat(yaml).contains("fanOut");
    assertRefused(
        yaml,
        24,
        "step 'register' when: step 'evaluate' fans out, so it has no metrics of its own");
  }

  @Test
  void refusesAConditionThatMakesACycle() {
    String yaml =
        spec("")
                .replace(
                    "inputs: {model: train.model}\n  - name: register",
                    "inputs: {model: train.model}\n    when: \"register.metrics.x > 1\"\n  - name: register")
            + "    when: \"evaluate.metrics.accuracy > 0.5\"\n";
    assertThatThrownBy(() -> parser.parse(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void readsRetryOnAndRefusesWhatCannotWork() throws Exception {
    StepSpec register =
        parser
            .parse(
                spec(
                    "    retries: 2\n"
                        + "    retryOn: {reasons: [NONZERO_EXIT, OOM_KILLED], exitCodes: [1, 137]}\n"))
            .step("register")
            .orElseThrow();
    assertThat(register.retryOn().reasons())
        .containsExactly(FailureReason.NONZERO_EXIT, FailureReason.OOM_KILLED);
    assertThat(register.retryOn().exitCodes()).containsExactly(1, 137);

    assertRefused(spec("    retryOn: {exitCodes: [1]}\n"), 23, "no effect without retries");
    assertRefused(
        spec("    retries: 1\n    retryOn: {reasons: [OOM]}\n"), 24, "reason 'OOM' is not one of");
    assertRefused(
        spec("    retries: 1\n    retryOn: {reasons: [OOM_KILLED], exitCodes: [1]}\n"),
        24,
        "exitCodes apply to NONZERO_EXIT");
    assertRefused(
        spec("    retries: 1\n    retryOn: {exitCodes: [1, 1]}\n"), 24, "exit code 1 twice");
    assertRefused(spec("    retries: 1\n    retryOn: {exitCodes: [0]}\n"), 24, "between 1 and 255");
    assertRefused(
        spec("    retries: 1\n    retryOn: {exitCodes: [99999999999]}\n"), 24, "between 1 and 255");
    assertRefused(spec("    retries: 1\n    retryOn: {reasons: []}\n"), 24, "must not be empty");
    assertRefused(spec("    retries: 1\n    retryOn: {}\n"), 24, "must list reasons or exitCodes");
    assertRefused(spec("    retries: 1\n    retryOn: {codes: [1]}\n"), 24, "unknown key 'codes'");
  }

  /** Versions computed before conditions and retryOn existed (same as CanonicalSpecTest pins). */
  @Test
  void specsWithoutConditionsOrRetryOnKeepTheirVersions() throws Exception {
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.MINIMAL)))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
    assertThat(CanonicalSpec.version(parser.parse(SpecParserTest.iris())))
        .isEqualTo("b9cc816c593f150a6f298e98e1aa3f1564878d03dde7768c6febad937d446da4");
    assertThat(CanonicalSpec.json(parser.parse(spec("")))).doesNotContain("\"when\"", "retryOn");
  }

  @Test
  void aConditionAndARetryOnArePartOfTheVersion() throws Exception {
    String plain = CanonicalSpec.version(parser.parse(spec("")));
    String when =
        CanonicalSpec.json(parser.parse(spec("    when: \"evaluate.metrics.accuracy > 0.5\"\n")));
    String retryOn =
        CanonicalSpec.json(
            parser.parse(spec("    retries: 1\n    retryOn: {exitCodes: [137, 1]}\n")));
    assertThat(when).contains("\"when\":\"evaluate.metrics.accuracy > 0.5\"");
    assertThat(retryOn).contains("\"retryOn\":{\"exitCodes\":[1,137]}");
    assertThat(CanonicalSpec.sha256(when)).isNotEqualTo(plain);
  }
}

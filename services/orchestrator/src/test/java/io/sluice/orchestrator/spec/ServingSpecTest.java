package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's {@code serving} section: how the gateway rolls an approved version out. */
class ServingSpecTest {

  /** The line of the first line of a body given to {@link #withServing}. */
  private static final int BODY = 20;

  private final SpecParser parser = new SpecParser();

  /** MINIMAL with a model whose {@code serving} section is {@code body} (lines from line 20). */
  private static String withServing(String body) {
    return withModel("  serving:\n" + body.indent(4));
  }

  private static String withModel(String extra) {
    return SpecParserTest.MINIMAL
        + "model:\n  name: m\n  artifact: train.model\n  metrics: train\n"
        + extra;
  }

  private RolloutSpec serving(String body) throws SpecException {
    return parser.parse(withServing(body)).model().serving();
  }

  private void assertRefused(String body, int line, String problem) {
    assertThatThrownBy(() -> parser.parse(withServing(body)))
        .as(body)
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((SpecException) e).line()).as(e.getMessage()).isEqualTo(line));
  }

  @Test
  void readsAFullCanarySection() throws Exception {
    RolloutSpec spec =
        serving(
            """
            strategy: canary
            steps: [10, 50, 100]
            stepSeconds: 90
            analysis:
              minRequests: 50
              maxErrorRate: 0.05
              maxLatencyP99Millis: 250
              maxErrorRateOverStable: 0.02
              maxLatencyP99Ratio: 1.5
              failedChecksToRollback: 3
            """);
    assertThat(spec)
        .isEqualTo(
            new RolloutSpec(
                RolloutStrategy.CANARY,
                List.of(10, 50, 100),
                90,
                0,
                new RolloutAnalysis(50, 0.05, 250.0, 0.02, 1.5, null, 3)));
  }

  @Test
  void keysLeftOutTakeTheBuiltInDefaults() throws Exception {
    RolloutSpec canary = serving("strategy: canary\nsteps: [25]\n");
    assertThat(canary.stepSeconds()).isEqualTo(60);
    assertThat(canary.analysis()).isEqualTo(RolloutAnalysis.DEFAULT);

    RolloutSpec tuned = serving("strategy: canary\nsteps: [25]\nanalysis: {minRequests: 500}\n");
    assertThat(tuned.analysis())
        .isEqualTo(
            new RolloutAnalysis(
                500,
                RolloutAnalysis.DEFAULT.maxErrorRate(),
                RolloutAnalysis.DEFAULT.maxLatencyP99Millis(),
                RolloutAnalysis.DEFAULT.maxErrorRateOverStable(),
                RolloutAnalysis.DEFAULT.maxLatencyP99Ratio(),
                null,
                RolloutAnalysis.DEFAULT.failedChecksToRollback()));

    RolloutSpec shadow = serving("strategy: shadow\n");
    assertThat(shadow.shadowPercent()).isEqualTo(100);
    assertThat(shadow.steps()).isEmpty();
  }

  @Test
  void aNullLimitSwitchesThatCheckOff() throws Exception {
    RolloutSpec spec =
        serving(
            "strategy: canary\nsteps: [50]\nanalysis: {maxErrorRate: null, maxLatencyP99Ratio: ~}\n");
    assertThat(spec.analysis().maxErrorRate()).isNull();
    assertThat(spec.analysis().maxLatencyP99Ratio()).isNull();
    assertThat(spec.analysis().maxErrorRateOverStable())
        .isEqualTo(RolloutAnalysis.DEFAULT.maxErrorRateOverStable());
  }

  @Test
  void readsAShadowThenCanaryWithAgreement() throws Exception {
    RolloutSpec spec =
        serving(
            "strategy: shadow\nshadowPercent: 30\nsteps: [20, 60]\nanalysis: {minAgreement: 0.9}\n");
    assertThat(spec.strategy()).isEqualTo(RolloutStrategy.SHADOW);
    assertThat(spec.shadowPercent()).isEqualTo(30);
    assertThat(spec.steps()).containsExactly(20, 60);
    assertThat(spec.analysis().minAgreement()).isEqualTo(0.9);
  }

  @Test
  void immediateIsJustTheStrategy() throws Exception {
    assertThat(serving("strategy: immediate\n")).isEqualTo(RolloutSpec.IMMEDIATE);
  }

  @Test
  void aModelWithoutAServingSectionHasNone() throws Exception {
    assertThat(parser.parse(withModel("")).model().serving()).isNull();
  }

  @Test
  void refusesUnknownAndMisplacedKeysWithTheirLine() {
    assertRefused(
        "strategy: canary\nsteps: [10]\nweights: [10]\n", BODY + 2, "unknown key 'weights'");
    assertRefused(
        "strategy: canary\nsteps: [10]\nanalysis: {maxErrors: 1}\n", BODY + 2, "unknown key");
    assertRefused("strategy: canary\nsteps: [10]\nshadowPercent: 10\n", BODY + 2, "shadow");
    assertRefused(
        "strategy: canary\nsteps: [10]\nanalysis: {minAgreement: 0.9}\n",
        BODY + 2,
        "minAgreement applies to shadow rollouts only");
    assertRefused("strategy: immediate\nsteps: [10]\n", BODY + 1, "no effect on a immediate");
    assertRefused("strategy: immediate\nstepSeconds: 10\n", BODY + 1, "no effect");
    assertRefused("strategy: immediate\nanalysis: {minRequests: 5}\n", BODY + 1, "no effect");
    assertRefused("steps: [10]\n", BODY, "needs 'strategy'");
    assertRefused("strategy: canary\n", BODY, "a canary rollout needs 'steps'");
  }

  @Test
  void refusesDuplicatedKeysWithTheirLine() {
    assertRefused("strategy: canary\nsteps: [10]\nstrategy: shadow\n", BODY + 2, "duplicate");
    assertRefused(
        "strategy: canary\nsteps: [10]\nanalysis:\n  minRequests: 5\n  minRequests: 6\n",
        BODY + 4,
        "duplicate");
  }

  @Test
  void refusesWrongTypesWithTheirLine() {
    assertRefused("strategy: Canary\nsteps: [10]\n", BODY, "is not immediate, canary or shadow");
    assertRefused("strategy: [canary]\n", BODY, "must be a string");
    assertRefused("strategy: canary\nsteps: 10\n", BODY + 1, "must be a list");
    assertRefused("strategy: canary\nsteps: [ten]\n", BODY + 1, "must be an integer");
    assertRefused("strategy: canary\nsteps: [10.5]\n", BODY + 1, "must be an integer");
    assertRefused("strategy: canary\nsteps: [10]\nstepSeconds: 1m\n", BODY + 2, "integer");
    assertRefused(
        "strategy: canary\nsteps: [10]\nanalysis: {maxErrorRate: high}\n", BODY + 2, "a number");
    assertRefused(
        "strategy: canary\nsteps: [10]\nanalysis: {minRequests: null}\n", BODY + 2, "integer");
    assertRefused("strategy: canary\nsteps: [10]\nanalysis: [1]\n", BODY + 2, "a mapping");
    assertRefused("strategy: canary\nsteps: [10]\nanalysis: .nan\n", BODY + 2, "a mapping");
    assertThatThrownBy(() -> parser.parse(withModel("  serving: canary\n")))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("must be a mapping")
        .satisfies(e -> assertThat(((SpecException) e).line()).isEqualTo(BODY - 1));
  }

  @Test
  void refusesStepsThatDoNotIncreaseWithinAHundred() {
    assertRefused("strategy: canary\nsteps: [10, 10]\n", BODY + 1, "increase strictly");
    assertRefused("strategy: canary\nsteps:\n  - 50\n  - 20\n", BODY + 3, "20 follows 50");
    assertRefused("strategy: canary\nsteps: [0, 50]\n", BODY + 1, "between 1 and 100");
    assertRefused("strategy: canary\nsteps: [50, 101]\n", BODY + 1, "between 1 and 100");
    assertRefused("strategy: canary\nsteps: [-5]\n", BODY + 1, "between 1 and 100");
    assertRefused("strategy: canary\nsteps: [99999999999999999999]\n", BODY + 1, "integer");
    assertRefused("strategy: canary\nsteps: []\n", BODY + 1, "must not be empty");
  }

  @Test
  void refusesValuesOutOfRangeWithTheirLine() {
    String canary = "strategy: canary\nsteps: [10]\n";
    assertRefused(canary + "stepSeconds: 0\n", BODY + 2, "between 1 and 86400");
    assertRefused(canary + "stepSeconds: 86401\n", BODY + 2, "between 1 and 86400");
    assertRefused("strategy: shadow\nshadowPercent: 0\n", BODY + 1, "between 1 and 100");
    assertRefused("strategy: shadow\nshadowPercent: 101\n", BODY + 1, "between 1 and 100");
    assertRefused(canary + "analysis: {minRequests: 0}\n", BODY + 2, "between 1 and");
    assertRefused(canary + "analysis: {failedChecksToRollback: 0}\n", BODY + 2, "between 1");
    assertRefused(canary + "analysis: {failedChecksToRollback: 101}\n", BODY + 2, "between 1");
    assertRefused(canary + "analysis: {maxErrorRate: 1.5}\n", BODY + 2, "between 0 and 1");
    assertRefused(canary + "analysis: {maxErrorRate: -0.1}\n", BODY + 2, "not be negative");
    assertRefused(canary + "analysis: {maxErrorRateOverStable: 2}\n", BODY + 2, "0 and 1");
    assertRefused(canary + "analysis: {maxLatencyP99Millis: 0}\n", BODY + 2, "above 0");
    assertRefused(canary + "analysis: {maxLatencyP99Ratio: -1}\n", BODY + 2, "negative");
    assertRefused(canary + "analysis: {maxLatencyP99Ratio: .inf}\n", BODY + 2, "finite");
    assertRefused("strategy: shadow\nanalysis: {minAgreement: 1.01}\n", BODY + 1, "0 and 1");
  }

  @Test
  void refusesAHostileSectionWithItsLine() {
    String huge = "1, ".repeat(5_000) + "1";
    assertRefused("strategy: canary\nsteps: [" + huge + "]\n", BODY + 1, "increase strictly");
    assertRefused("strategy: \"" + "x".repeat(10_000) + "\"\n", BODY, "...'");
    assertRefused("strategy: canary\nsteps: [10]\n\"\\u0000\": 1\n", BODY + 2, "");
  }

  /** Versions pinned in CanonicalSpecTest and RunLimitSpecTest, computed before rollouts. */
  @Test
  void specsWithoutAServingSectionKeepTheirVersion() throws Exception {
    PipelineSpec minimal = parser.parse(SpecParserTest.MINIMAL);
    assertThat(CanonicalSpec.version(minimal))
        .isEqualTo("2085969e625daf4bdf651353d6cb3d280b4033d81c93ccdecf35b79ada6b71e2");
    PipelineSpec iris = parser.parse(SpecParserTest.iris());
    assertThat(iris.model().serving()).isNull();
    assertThat(CanonicalSpec.version(iris))
        .isEqualTo("b9cc816c593f150a6f298e98e1aa3f1564878d03dde7768c6febad937d446da4");
    assertThat(CanonicalSpec.json(iris)).doesNotContain("serving");
  }

  @Test
  void aServingSectionIsPartOfTheVersionWithDefaultsApplied() throws Exception {
    String without = CanonicalSpec.version(parser.parse(withModel("")));
    PipelineSpec short_ = parser.parse(withServing("strategy: canary\nsteps: [10, 50]\n"));
    PipelineSpec spelledOut =
        parser.parse(
            withServing(
                "strategy: canary\nsteps: [10, 50]\nstepSeconds: 60\n"
                    + "analysis: {minRequests: 20, maxErrorRate: 0.05, failedChecksToRollback: 2}\n"));
    PipelineSpec slower =
        parser.parse(withServing("strategy: canary\nsteps: [10, 50]\nstepSeconds: 61\n"));
    assertThat(CanonicalSpec.version(short_))
        .isNotEqualTo(without)
        .isEqualTo(CanonicalSpec.version(spelledOut))
        .isNotEqualTo(CanonicalSpec.version(slower));
    assertThat(CanonicalSpec.json(short_))
        .contains("\"serving\":{\"analysis\":{\"failedChecksToRollback\":2,")
        .contains("\"steps\":[10,50],\"strategy\":\"canary\"}");
  }

  @Test
  void readsTheP99ToleranceWhichTakesItsDefaultAndMayBeZeroOrSwitchedOff() throws Exception {
    String canary = "strategy: canary\nsteps: [10]\n";
    assertThat(serving(canary).analysis().latencyP99ToleranceMillis()).isEqualTo(5.0);
    assertThat(
            serving(canary + "analysis: {latencyP99ToleranceMillis: 12.5}\n")
                .analysis()
                .latencyP99ToleranceMillis())
        .isEqualTo(12.5);
    assertThat(
            serving(canary + "analysis: {latencyP99ToleranceMillis: 0}\n")
                .analysis()
                .latencyP99ToleranceMillis())
        .isZero();
    assertThat(
            serving(canary + "analysis: {latencyP99ToleranceMillis: null}\n")
                .analysis()
                .latencyP99ToleranceMillis())
        .isNull();
    assertRefused(
        canary + "analysis: {latencyP99ToleranceMillis: -1}\n", BODY + 2, "must not be negative");
  }

  /** Pipelines written before the tolerance existed keep their versions. */
  @Test
  void theDefaultToleranceLeavesTheVersionAsItWasAndAnotherOneChangesIt() throws Exception {
    String canary = "strategy: canary\nsteps: [10]\n";
    PipelineSpec implicit = parser.parse(withServing(canary));
    PipelineSpec spelledOut =
        parser.parse(withServing(canary + "analysis: {latencyP99ToleranceMillis: 5}\n"));
    PipelineSpec tighter =
        parser.parse(withServing(canary + "analysis: {latencyP99ToleranceMillis: 1}\n"));
    PipelineSpec none =
        parser.parse(withServing(canary + "analysis: {latencyP99ToleranceMillis: null}\n"));

    assertThat(CanonicalSpec.json(implicit)).doesNotContain("latencyP99ToleranceMillis");
    assertThat(CanonicalSpec.version(spelledOut)).isEqualTo(CanonicalSpec.version(implicit));
    assertThat(CanonicalSpec.version(tighter)).isNotEqualTo(CanonicalSpec.version(implicit));
    assertThat(CanonicalSpec.version(none))
        .isNotEqualTo(CanonicalSpec.version(implicit))
        .isNotEqualTo(CanonicalSpec.version(tighter));
  }

  @Test
  void aLimitSwitchedOffIsADifferentVersion() throws Exception {
    String canary = "strategy: canary\nsteps: [10]\n";
    assertThat(CanonicalSpec.version(parser.parse(withServing(canary))))
        .isNotEqualTo(
            CanonicalSpec.version(
                parser.parse(withServing(canary + "analysis: {maxErrorRate: null}\n"))));
  }
}

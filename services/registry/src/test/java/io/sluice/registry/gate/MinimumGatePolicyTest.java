package io.sluice.registry.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.RuleOrigin;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import io.sluice.registry.policy.MinimumPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The registry's minimum policy on top of a pipeline's gate: a pipeline may add to it, never loosen
 * it.
 */
class MinimumGatePolicyTest {

  private final GatePolicy gate = new GatePolicy();

  @Test
  void weakerPipelineRuleOnTheSameMetricDoesNotLowerTheBar() {
    List<GateRule> pipeline = List.of(new GateRule("accuracy", 0.5, null));

    GateDecision decision =
        gate.evaluate(
            pipeline, minimum(3, new GateRule("accuracy", 0.9, null)), metrics(0.8), noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.5, 0.8, true),
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.9, 0.8, false, RuleOrigin.REGISTRY));
    assertThat(decision.reasons())
        .containsExactly("registry minimum r3: metric 'accuracy' = 0.8 fails >= 0.9");
  }

  @Test
  void weakerPipelineUpperBoundDoesNotLoosenTheMinimumsUpperBound() {
    List<GateRule> pipeline = List.of(new GateRule("log_loss", null, 2.0));

    GateDecision decision =
        gate.evaluate(
            pipeline,
            minimum(1, new GateRule("log_loss", null, 0.5)),
            Map.of("log_loss", 0.7),
            noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.reasons())
        .containsExactly("registry minimum r1: metric 'log_loss' = 0.7 fails <= 0.5");
  }

  @Test
  void strongerPipelineRuleStillAppliesAndSaysItIsThePipelines() {
    List<GateRule> pipeline = List.of(new GateRule("accuracy", 0.95, null));

    GateDecision decision =
        gate.evaluate(
            pipeline, minimum(1, new GateRule("accuracy", 0.9, null)), metrics(0.92), noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .extracting(RuleResult::origin, RuleResult::passed)
        .containsExactly(tuple(null, false), tuple(RuleOrigin.REGISTRY, true));
    assertThat(decision.reasons()).containsExactly("metric 'accuracy' = 0.92 fails >= 0.95");
  }

  @Test
  void pipelineRuleOnAnotherMetricIsAddedToTheMinimum() {
    List<GateRule> pipeline = List.of(new GateRule("f1_macro", 0.8, null));
    Map<String, Double> metrics = Map.of("accuracy", 0.95, "f1_macro", 0.7);

    GateDecision decision =
        gate.evaluate(
            pipeline, minimum(2, new GateRule("accuracy", 0.9, null)), metrics, noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.reasons()).containsExactly("metric 'f1_macro' = 0.7 fails >= 0.8");
    assertThat(decision.results()).hasSize(2);
  }

  @Test
  void minimumOnAMetricTheCandidateDoesNotReportRejects() {
    GateDecision decision =
        gate.evaluate(
            List.of(),
            minimum(1, new GateRule("f1_macro", 0.8, null)),
            metrics(0.99),
            noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(
            new RuleResult("f1_macro", Comparison.AT_LEAST, 0.8, null, false, RuleOrigin.REGISTRY));
    assertThat(decision.reasons())
        .containsExactly("registry minimum r1: metric 'f1_macro' was not reported (needs >= 0.8)");
  }

  @Test
  void candidatePassingBothIsApprovedWithEveryReason() {
    GateDecision decision =
        gate.evaluate(
            List.of(new GateRule("accuracy", 0.5, null)),
            minimum(1, new GateRule("accuracy", 0.9, null)),
            metrics(0.93),
            noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.reasons())
        .containsExactly(
            "metric 'accuracy' = 0.93 meets >= 0.5",
            "registry minimum r1: metric 'accuracy' = 0.93 meets >= 0.9");
  }

  @Test
  void championRuleOfTheMinimumAppliesThoughThePipelineHasNone() {
    Optional<Champion> champion = Optional.of(new Champion(4, Map.of("accuracy", 0.95)));

    GateDecision decision =
        gate.evaluate(
            List.of(new GateRule("accuracy", 0.5, null)),
            minimum(2, new GateRule("accuracy", null, null, 0.0)),
            metrics(0.93),
            champion);

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.reasons())
        .containsExactly(
            "registry minimum r2: metric 'accuracy' = 0.93 fails >= 0.95 (champion v4 0.95 + 0.0)");
    assertThat(GatePolicy.needsChampion(List.of(), minimum(2, new GateRule("a", null, null, 0.0))))
        .isTrue();
    assertThat(GatePolicy.needsChampion(List.of(), minimum(2, new GateRule("a", 0.1, null))))
        .isFalse();
  }

  @Test
  void emptyMinimumLeavesThePipelineGateAsItWas() {
    List<GateRule> pipeline = List.of(new GateRule("accuracy", 0.9, null));

    GateDecision withEmpty = gate.evaluate(pipeline, minimum(5), metrics(0.95), noChampion());
    GateDecision without = gate.evaluate(pipeline, metrics(0.95));

    assertThat(withEmpty).isEqualTo(without);
  }

  @Test
  void requiredPolicyThatIsMissingRejectsEvenAPassingCandidate() {
    GatePolicy strict = new GatePolicy(true);

    GateDecision decision =
        strict.evaluate(
            List.of(new GateRule("accuracy", 0.5, null)),
            Optional.empty(),
            metrics(0.99),
            noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.reasons())
        .containsExactly(
            "model has no minimum gate policy; an approver must set one before it can ship");
  }

  @Test
  void requiredPolicyThatIsSetButEmptyLetsThePipelineGateDecide() {
    GatePolicy strict = new GatePolicy(true);

    GateDecision decision =
        strict.evaluate(
            List.of(new GateRule("accuracy", 0.5, null)), minimum(1), metrics(0.99), noChampion());

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
  }

  private static Optional<MinimumPolicy> minimum(int revision, GateRule... rules) {
    return Optional.of(new MinimumPolicy("iris", revision, List.of(rules), "alice", Instant.EPOCH));
  }

  private static Map<String, Double> metrics(double accuracy) {
    return Map.of("accuracy", accuracy);
  }

  private static Optional<Champion> noChampion() {
    return Optional.empty();
  }
}

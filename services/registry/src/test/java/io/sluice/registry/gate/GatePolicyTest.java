package io.sluice.registry.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatePolicyTest {

  private final GatePolicy policy = new GatePolicy();

  @Test
  void approvesMetricAboveMin() {
    GateDecision decision =
        policy.evaluate(List.of(new GateRule("accuracy", 0.9, null)), Map.of("accuracy", 0.95));

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.9, 0.95, true));
    assertThat(decision.reasons()).containsExactly("metric 'accuracy' = 0.95 meets >= 0.9");
  }

  @Test
  void rejectsMetricBelowMin() {
    GateDecision decision =
        policy.evaluate(List.of(new GateRule("accuracy", 0.9, null)), Map.of("accuracy", 0.5));

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.9, 0.5, false));
    assertThat(decision.reasons()).containsExactly("metric 'accuracy' = 0.5 fails >= 0.9");
  }

  @Test
  void rejectsMetricAboveMax() {
    GateDecision decision =
        policy.evaluate(List.of(new GateRule("log_loss", null, 0.3)), Map.of("log_loss", 0.31));

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(new RuleResult("log_loss", Comparison.AT_MOST, 0.3, 0.31, false));
  }

  @Test
  void approvesMetricBelowMax() {
    GateDecision decision =
        policy.evaluate(List.of(new GateRule("log_loss", null, 0.3)), Map.of("log_loss", 0.1));

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
  }

  @Test
  void ruleWithMinAndMaxMakesTwoComparisons() {
    GateDecision decision =
        policy.evaluate(List.of(new GateRule("recall", 0.8, 0.99)), Map.of("recall", 0.999));

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(
            new RuleResult("recall", Comparison.AT_LEAST, 0.8, 0.999, true),
            new RuleResult("recall", Comparison.AT_MOST, 0.99, 0.999, false));
    assertThat(decision.reasons()).containsExactly("metric 'recall' = 0.999 fails <= 0.99");
  }

  @Test
  void valueInsideMinAndMaxPasses() {
    GateDecision decision =
        policy.evaluate(List.of(new GateRule("recall", 0.8, 0.99)), Map.of("recall", 0.9));

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results()).hasSize(2).allMatch(RuleResult::passed);
  }

  @Test
  void valuesEqualToTheBoundsPass() {
    GateDecision decision =
        policy.evaluate(
            List.of(new GateRule("accuracy", 0.9, null), new GateRule("loss", null, 0.2)),
            Map.of("accuracy", 0.9, "loss", 0.2));

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results()).allMatch(RuleResult::passed);
  }

  @Test
  void missingMetricFailsItsRuleWithClearReason() {
    GateDecision decision =
        policy.evaluate(
            List.of(new GateRule("accuracy", 0.9, null), new GateRule("f1", 0.8, null)),
            Map.of("accuracy", 0.95));

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.9, 0.95, true),
            new RuleResult("f1", Comparison.AT_LEAST, 0.8, null, false));
    assertThat(decision.reasons()).containsExactly("metric 'f1' was not reported (needs >= 0.8)");
  }

  @Test
  void nanMetricFailsBothBoundsInsteadOfSlippingThrough() {
    Map<String, Double> metrics = new HashMap<>();
    metrics.put("accuracy", Double.NaN);

    GateDecision decision = policy.evaluate(List.of(new GateRule("accuracy", 0.0, 1.0)), metrics);

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results()).hasSize(2).noneMatch(RuleResult::passed);
    assertThat(decision.results()).allMatch(result -> result.actual() == null);
    assertThat(decision.reasons())
        .containsExactly(
            "metric 'accuracy' is NaN, not a number (needs >= 0.0)",
            "metric 'accuracy' is NaN, not a number (needs <= 1.0)");
  }

  @Test
  void infiniteMetricFails() {
    GateDecision decision =
        policy.evaluate(
            List.of(new GateRule("loss", null, 1.0)), Map.of("loss", Double.NEGATIVE_INFINITY));

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
  }

  @Test
  void noRulesApproveWithAReason() {
    GateDecision decision = policy.evaluate(List.of(), Map.of("accuracy", 0.1));

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results()).isEmpty();
    assertThat(decision.reasons()).containsExactly("no gate rules to apply");
  }

  @Test
  void metricsTheGateDoesNotMentionAreIgnored() {
    GateDecision decision =
        policy.evaluate(
            List.of(new GateRule("accuracy", 0.9, null)), Map.of("accuracy", 0.95, "loss", 9.0));

    assertThat(decision.results()).extracting(RuleResult::metric).containsExactly("accuracy");
  }
}

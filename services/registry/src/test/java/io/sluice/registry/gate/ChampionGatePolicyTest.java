package io.sluice.registry.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rules with {@code minGainOverChampion}: the candidate compared with the serving champion. */
class ChampionGatePolicyTest {

  private static final List<GateRule> NOT_WORSE =
      List.of(new GateRule("accuracy", null, null, 0.0));
  private static final Optional<Champion> CHAMPION_V1 =
      Optional.of(new Champion(1, Map.of("accuracy", 0.95)));

  private final GatePolicy policy = new GatePolicy();

  @Test
  void rejectsACandidateWorseThanTheChampion() {
    GateDecision decision = policy.evaluate(NOT_WORSE, Map.of("accuracy", 0.93), CHAMPION_V1);

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.95, 0.93, false));
    assertThat(decision.reasons())
        .containsExactly("metric 'accuracy' = 0.93 fails >= 0.95 (champion v1 0.95 + 0.0)");
  }

  @Test
  void approvesACandidateBetterThanTheChampion() {
    GateDecision decision = policy.evaluate(NOT_WORSE, Map.of("accuracy", 0.96), CHAMPION_V1);

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.95, 0.96, true));
    assertThat(decision.reasons())
        .containsExactly("metric 'accuracy' = 0.96 meets >= 0.95 (champion v1 0.95 + 0.0)");
  }

  @Test
  void approvesACandidateEqualToTheChampionWhenNotWorseIsEnough() {
    GateDecision decision = policy.evaluate(NOT_WORSE, Map.of("accuracy", 0.95), CHAMPION_V1);

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
  }

  @Test
  void aCandidateExactlyAtChampionPlusGainPassesDespiteBinaryFractions() {
    List<GateRule> onePointBetter = List.of(new GateRule("accuracy", null, null, 0.01));
    Optional<Champion> champion = Optional.of(new Champion(2, Map.of("accuracy", 0.93)));

    GateDecision decision = policy.evaluate(onePointBetter, Map.of("accuracy", 0.94), champion);

    assertThat(0.93 + 0.01).isGreaterThan(0.94); // why the threshold is added as decimals
    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.94, 0.94, true));
  }

  @Test
  void aPositiveGainDemandsAnImprovement() {
    List<GateRule> better = List.of(new GateRule("accuracy", null, null, 0.25));
    Optional<Champion> champion = Optional.of(new Champion(3, Map.of("accuracy", 0.5)));

    assertThat(policy.evaluate(better, Map.of("accuracy", 0.7), champion).verdict())
        .isEqualTo(Verdict.REJECTED);
    assertThat(policy.evaluate(better, Map.of("accuracy", 0.75), champion).verdict())
        .isEqualTo(Verdict.APPROVED);
  }

  @Test
  void aNegativeGainToleratesASmallLoss() {
    List<GateRule> tolerant = List.of(new GateRule("accuracy", null, null, -0.25));
    Optional<Champion> champion = Optional.of(new Champion(1, Map.of("accuracy", 0.75)));

    GateDecision decision = policy.evaluate(tolerant, Map.of("accuracy", 0.5), champion);

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results()).extracting(RuleResult::threshold).containsExactly(0.5);
  }

  @Test
  void withoutAChampionTheRulePassesWithoutAResult() {
    GateDecision decision = policy.evaluate(NOT_WORSE, Map.of("accuracy", 0.1), Optional.empty());

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results()).isEmpty();
    assertThat(decision.reasons())
        .containsExactly("metric 'accuracy': no champion yet to compare with");
  }

  @Test
  void aChampionWithoutTheMetricRejects() {
    Optional<Champion> champion = Optional.of(new Champion(2, Map.of("f1", 0.9)));

    GateDecision decision = policy.evaluate(NOT_WORSE, Map.of("accuracy", 0.99), champion);

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results()).isEmpty();
    assertThat(decision.reasons())
        .containsExactly(
            "metric 'accuracy' cannot be compared with champion v2, which has no usable value for"
                + " it");
  }

  @Test
  void aCandidateWithoutTheMetricRejects() {
    GateDecision decision = policy.evaluate(NOT_WORSE, Map.of("f1", 0.99), CHAMPION_V1);

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(new RuleResult("accuracy", Comparison.AT_LEAST, 0.95, null, false));
    assertThat(decision.reasons())
        .containsExactly(
            "metric 'accuracy' was not reported (needs >= 0.95 (champion v1 0.95 + 0.0))");
  }

  @Test
  void absoluteBoundsStillApplyNextToTheChampionComparison() {
    List<GateRule> both = List.of(new GateRule("accuracy", 0.97, null, 0.0));

    GateDecision decision = policy.evaluate(both, Map.of("accuracy", 0.96), CHAMPION_V1);

    assertThat(decision.verdict()).isEqualTo(Verdict.REJECTED);
    assertThat(decision.results())
        .containsExactly(
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.97, 0.96, false),
            new RuleResult("accuracy", Comparison.AT_LEAST, 0.95, 0.96, true));
    assertThat(decision.reasons()).containsExactly("metric 'accuracy' = 0.96 fails >= 0.97");
  }

  @Test
  void theChampionIsIgnoredByRulesThatDoNotAskForIt() {
    GateDecision decision =
        policy.evaluate(
            List.of(new GateRule("accuracy", 0.9, null)), Map.of("accuracy", 0.91), CHAMPION_V1);

    assertThat(decision.verdict()).isEqualTo(Verdict.APPROVED);
    assertThat(decision.results()).hasSize(1);
  }
}

package io.sluice.gateway.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutCheck;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.events.TrafficStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {

  private static final RolloutAnalysis THREE_STRIKES =
      new RolloutAnalysis(20, 0.05, null, null, null, null, 3);
  private static final RolloutSpec CANARY =
      new RolloutSpec(RolloutStrategy.CANARY, List.of(10, 50, 100), 2, 0, THREE_STRIKES);
  private static final RolloutSpec SHADOW_ONLY =
      new RolloutSpec(RolloutStrategy.SHADOW, List.of(), 2, 25, THREE_STRIKES);
  private static final RolloutSpec SHADOW_THEN_CANARY =
      new RolloutSpec(RolloutStrategy.SHADOW, List.of(50), 2, 25, THREE_STRIKES);
  private static final TrafficStats SEEN = new TrafficStats(100, 0.2, 1, 2);

  private static Judgement pass() {
    return new Judgement(Judgement.Outcome.PASS, null, SEEN, null);
  }

  private static Judgement extend() {
    return new Judgement(Judgement.Outcome.EXTEND, null, SEEN, null);
  }

  private static Judgement fail() {
    return new Judgement(
        Judgement.Outcome.FAIL,
        new RolloutCheck("maxErrorRate", 0.2, 0.05, SEEN, null),
        SEEN,
        null);
  }

  @Test
  void canaryStagesAreItsWeightSteps() {
    assertThat(Stage.of(CANARY))
        .containsExactly(new Stage(10, 0), new Stage(50, 0), new Stage(100, 0));
  }

  @Test
  void shadowStartsWithAComparisonStageThenItsCanarySteps() {
    assertThat(Stage.of(SHADOW_ONLY)).containsExactly(new Stage(0, 25));
    assertThat(Stage.of(SHADOW_THEN_CANARY)).containsExactly(new Stage(0, 25), new Stage(50, 0));
    assertThat(Stage.of(RolloutSpec.IMMEDIATE)).isEmpty();
  }

  @Test
  void passedWindowMovesToTheNextWeight() {
    assertThat(RolloutPlan.next(CANARY, 0, 0, pass()))
        .isEqualTo(new Transition.NextStage(1, new Stage(50, 0)));
    assertThat(RolloutPlan.next(CANARY, 1, 2, pass()))
        .isEqualTo(new Transition.NextStage(2, new Stage(100, 0)));
  }

  @Test
  void passedLastWindowPromotes() {
    assertThat(RolloutPlan.next(CANARY, 2, 0, pass())).isEqualTo(new Transition.Promote());
    assertThat(RolloutPlan.next(SHADOW_ONLY, 0, 0, pass())).isEqualTo(new Transition.Promote());
  }

  @Test
  void passedShadowWindowMovesToTheCanarySteps() {
    assertThat(RolloutPlan.next(SHADOW_THEN_CANARY, 0, 0, pass()))
        .isEqualTo(new Transition.NextStage(1, new Stage(50, 0)));
  }

  @Test
  void extendedWindowChangesNothing() {
    assertThat(RolloutPlan.next(CANARY, 1, 2, extend())).isEqualTo(new Transition.Extend());
  }

  @Test
  void failedWindowHoldsTheStepUntilTheLimit() {
    assertThat(RolloutPlan.next(CANARY, 1, 0, fail())).isEqualTo(new Transition.Hold(1));
    assertThat(RolloutPlan.next(CANARY, 1, 1, fail())).isEqualTo(new Transition.Hold(2));
  }

  @Test
  void failedWindowThatReachesTheLimitRollsBackWithTheFailedCheck() {
    Transition transition = RolloutPlan.next(CANARY, 1, 2, fail());

    assertThat(transition).isInstanceOf(Transition.RollBack.class);
    Transition.RollBack rollBack = (Transition.RollBack) transition;
    assertThat(rollBack.failedChecks()).isEqualTo(3);
    assertThat(rollBack.failedCheck().name()).isEqualTo("maxErrorRate");
  }

  @Test
  void failedChecksAddUpAcrossSteps() {
    // One failure at 10%, then a pass, then two at 50% reach the limit of three.
    assertThat(RolloutPlan.next(CANARY, 0, 0, fail())).isEqualTo(new Transition.Hold(1));
    assertThat(RolloutPlan.next(CANARY, 0, 1, pass()))
        .isEqualTo(new Transition.NextStage(1, new Stage(50, 0)));
    assertThat(RolloutPlan.next(CANARY, 1, 1, fail())).isEqualTo(new Transition.Hold(2));
    assertThat(RolloutPlan.next(CANARY, 1, 2, fail())).isInstanceOf(Transition.RollBack.class);
  }

  @Test
  void singleStrikeRollsBackAtTheFirstFailure() {
    RolloutSpec strict =
        new RolloutSpec(
            RolloutStrategy.CANARY,
            List.of(10),
            1,
            0,
            new RolloutAnalysis(1, 0.0, null, null, null, null, 1));

    assertThat(RolloutPlan.next(strict, 0, 0, fail())).isInstanceOf(Transition.RollBack.class);
  }

  @Test
  void stageOutsideThePlanIsRefused() {
    assertThatThrownBy(() -> RolloutPlan.next(CANARY, 3, 0, pass()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RolloutPlan.next(RolloutSpec.IMMEDIATE, 0, 0, pass()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.sluice.gateway.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.RolloutAnalysis;
import io.sluice.gateway.routing.VersionSample;
import org.junit.jupiter.api.Test;

class RolloutJudgeTest {

  private static final VersionSample HEALTHY_STABLE = Samples.of(100, 0, 2);

  private static RolloutAnalysis only(
      Double maxErrorRate,
      Double maxP99,
      Double maxErrorRateOverStable,
      Double maxP99Ratio,
      Double minAgreement) {
    return new RolloutAnalysis(
        20, maxErrorRate, maxP99, maxErrorRateOverStable, maxP99Ratio, minAgreement, 2);
  }

  @Test
  void windowWithFewerThanMinRequestsIsExtendedEvenWhenEveryRequestFailed() {
    Judgement judgement =
        RolloutJudge.judge(RolloutAnalysis.DEFAULT, Samples.of(19, 19, 2), HEALTHY_STABLE);

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.EXTEND);
    assertThat(judgement.canary().requests()).isEqualTo(19);
  }

  @Test
  void windowWithExactlyMinRequestsIsJudged() {
    Judgement judgement =
        RolloutJudge.judge(RolloutAnalysis.DEFAULT, Samples.of(20, 0, 2), HEALTHY_STABLE);

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void errorRateAboveTheFixedLimitFailsWithTheObservedRate() {
    Judgement judgement =
        RolloutJudge.judge(only(0.05, null, null, null, null), Samples.of(100, 6, 2), null);

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.FAIL);
    assertThat(judgement.failedCheck().name()).isEqualTo("maxErrorRate");
    assertThat(judgement.failedCheck().observed()).isEqualTo(0.06);
    assertThat(judgement.failedCheck().limit()).isEqualTo(0.05);
    assertThat(judgement.failedCheck().stable()).isNull();
  }

  @Test
  void errorRateAtTheLimitPasses() {
    Judgement judgement =
        RolloutJudge.judge(only(0.05, null, null, null, null), Samples.of(100, 5, 2), null);

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void p99AboveTheFixedLimitFails() {
    Judgement judgement =
        RolloutJudge.judge(only(null, 40.0, null, null, null), Samples.of(50, 0, 60), null);

    assertThat(judgement.failedCheck().name()).isEqualTo("maxLatencyP99Millis");
    assertThat(judgement.failedCheck().observed()).isGreaterThan(40.0);
  }

  @Test
  void errorRateOverStableComparesTheDifferenceOfBothVersionsOverTheWindow() {
    RolloutAnalysis analysis = only(null, null, 0.02, null, null);

    Judgement worse = RolloutJudge.judge(analysis, Samples.of(100, 8, 2), Samples.of(100, 5, 2));
    Judgement alike = RolloutJudge.judge(analysis, Samples.of(100, 6, 2), Samples.of(100, 5, 2));

    assertThat(worse.failedCheck().name()).isEqualTo("maxErrorRateOverStable");
    assertThat(worse.failedCheck().observed())
        .isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(worse.failedCheck().stable().errorRate()).isEqualTo(0.05);
    assertThat(alike.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void p99RatioComparesTheCandidateWithTheStableVersion() {
    RolloutAnalysis analysis = only(null, null, null, 2.0, null);

    Judgement slow = RolloutJudge.judge(analysis, Samples.of(100, 0, 50), Samples.of(100, 0, 5));
    Judgement close = RolloutJudge.judge(analysis, Samples.of(100, 0, 8), Samples.of(100, 0, 5));

    assertThat(slow.failedCheck().name()).isEqualTo("maxLatencyP99Ratio");
    assertThat(slow.failedCheck().observed()).isGreaterThan(9).isLessThan(11);
    assertThat(close.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void identicalVersionAtSubMillisecondLatenciesPassesTheP99RatioAsNoise() {
    // 0.5 ms against 0.2 ms: a ratio of 2.5 from the scheduler, the model is the same.
    Judgement judgement =
        RolloutJudge.judge(
            RolloutAnalysis.DEFAULT, Samples.of(200, 0, 0.5), Samples.of(1_800, 0, 0.2));

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void withoutToleranceTheP99RatioAloneFailsSubMillisecondNoise() {
    Judgement judgement =
        RolloutJudge.judge(
            RolloutAnalysis.DEFAULT.withLatencyP99ToleranceMillis(null),
            Samples.of(200, 0, 0.5),
            Samples.of(1_800, 0, 0.2));

    assertThat(judgement.failedCheck().name()).isEqualTo("maxLatencyP99Ratio");
  }

  @Test
  void genuinelySlowerVersionStillFailsTheP99RatioBeyondTheTolerance() {
    // 12 ms against 5 ms: 2.4 times and 7 ms slower, more than the default 5 ms of noise.
    Judgement judgement =
        RolloutJudge.judge(
            RolloutAnalysis.DEFAULT, Samples.of(200, 0, 12), Samples.of(1_800, 0, 5));

    assertThat(judgement.failedCheck().name()).isEqualTo("maxLatencyP99Ratio");
    assertThat(judgement.failedCheck().observed()).isGreaterThan(2.0);
    assertThat(judgement.failedCheck().canary().latencyP99Millis()).isGreaterThan(11);
    assertThat(judgement.failedCheck().stable().latencyP99Millis()).isLessThan(6);
  }

  @Test
  void slowerVersionWithinTheToleranceInMillisecondsPasses() {
    Judgement judgement =
        RolloutJudge.judge(
            RolloutAnalysis.DEFAULT, Samples.of(200, 0, 4.5), Samples.of(1_800, 0, 1));

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void p99RatioIsComparedOnlyOverEnoughRequestsOfBothVersions() {
    // The p99 of 99 requests is their slowest one: one stalled request, not a slower model.
    RolloutAnalysis analysis = only(null, null, null, 2.0, null);

    Judgement fewCandidates =
        RolloutJudge.judge(analysis, Samples.of(99, 0, 50), Samples.of(1_000, 0, 2));
    Judgement fewStable =
        RolloutJudge.judge(analysis, Samples.of(1_000, 0, 50), Samples.of(99, 0, 2));
    Judgement enough = RolloutJudge.judge(analysis, Samples.of(100, 0, 50), Samples.of(100, 0, 2));

    assertThat(fewCandidates.outcome()).isEqualTo(Judgement.Outcome.PASS);
    assertThat(fewStable.outcome()).isEqualTo(Judgement.Outcome.PASS);
    assertThat(enough.failedCheck().name()).isEqualTo("maxLatencyP99Ratio");
  }

  @Test
  void comparisonsWithStableAreSkippedWhenStableServedFewerThanMinRequests() {
    RolloutAnalysis analysis = only(null, null, 0.0, 1.0, null);

    Judgement judgement =
        RolloutJudge.judge(analysis, Samples.of(100, 10, 50), Samples.of(19, 0, 1));

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
    assertThat(judgement.stable().requests()).isEqualTo(19);
  }

  @Test
  void comparisonsWithStableAreSkippedForAModelWithoutStableVersion() {
    Judgement judgement =
        RolloutJudge.judge(only(null, null, 0.0, 1.0, null), Samples.of(100, 10, 50), null);

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void shadowAgreementBelowTheMinimumFails() {
    RolloutAnalysis analysis = only(null, null, null, null, 0.95);

    Judgement disagreeing =
        RolloutJudge.judge(analysis, Samples.of(100, 0, 2, 100, 90), HEALTHY_STABLE);
    Judgement agreeing =
        RolloutJudge.judge(analysis, Samples.of(100, 0, 2, 100, 95), HEALTHY_STABLE);

    assertThat(disagreeing.failedCheck().name()).isEqualTo("minAgreement");
    assertThat(disagreeing.failedCheck().observed()).isEqualTo(0.9);
    assertThat(disagreeing.describe()).contains("minAgreement 0.9000 is below its minimum 0.9500");
    assertThat(agreeing.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void agreementIsNotCheckedWhenNothingWasCompared() {
    Judgement judgement =
        RolloutJudge.judge(only(null, null, null, null, 0.99), Samples.of(100, 0, 2), null);

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void absentLimitsAreNotChecked() {
    Judgement judgement =
        RolloutJudge.judge(
            only(null, null, null, null, null),
            Samples.of(100, 100, 9_000, 100, 0),
            HEALTHY_STABLE);

    assertThat(judgement.outcome()).isEqualTo(Judgement.Outcome.PASS);
  }

  @Test
  void firstFailingCheckInFieldOrderIsReported() {
    Judgement judgement =
        RolloutJudge.judge(
            only(0.01, 1.0, 0.01, 1.5, 0.99), Samples.of(100, 50, 100, 100, 10), HEALTHY_STABLE);

    assertThat(judgement.failedCheck().name()).isEqualTo("maxErrorRate");
  }

  @Test
  void reasonNamesTheCheckItsValuesAndBothVersions() {
    Judgement judgement =
        RolloutJudge.judge(RolloutAnalysis.DEFAULT, Samples.of(200, 24, 2), HEALTHY_STABLE);

    assertThat(judgement.describe())
        .startsWith("maxErrorRate 0.1200 exceeds its limit 0.05000")
        .contains("candidate 200 requests, error rate 0.1200")
        .contains("stable 100 requests, error rate 0.000");
  }
}

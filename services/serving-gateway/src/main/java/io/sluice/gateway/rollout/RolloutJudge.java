package io.sluice.gateway.rollout;

import io.sluice.events.Nullable;
import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutCheck;
import io.sluice.events.TrafficStats;
import io.sluice.gateway.routing.VersionSample;

/**
 * Judges one analysis window from what all replicas measured of the candidate and of the stable
 * version over it. Pure: the same numbers always give the same judgement.
 *
 * <p>The candidate is judged only once it served {@code minRequests}; before that the window is
 * extended. The comparisons with the stable version are made only when the stable version also
 * served {@code minRequests} in the window (at a 100% step it serves nobody, and a p99 over a
 * handful of requests says nothing); the fixed limits always apply. Agreement is checked only where
 * answers were compared (shadow). The first failing check, in the order of {@link
 * RolloutAnalysis}'s fields, is the one reported.
 *
 * <p>The p99 ratio guards against two kinds of noise that fail a version identical to the stable
 * one. Small numbers: at sub-millisecond latencies 0.4 ms against 0.2 ms is a ratio of 2 and
 * scheduler noise, so the ratio fails only when the candidate's p99 is also more than {@code
 * latencyP99ToleranceMillis} above the stable one's. Small samples: the p99 of fewer than {@value
 * #PERCENTILE_MIN_REQUESTS} requests is their slowest one or nearly, one stalled request, so the
 * ratio is compared only when both versions served that many in the window.
 */
public final class RolloutJudge {

  public static final String MAX_ERROR_RATE = "maxErrorRate";
  public static final String MAX_LATENCY_P99_MILLIS = "maxLatencyP99Millis";
  public static final String MAX_ERROR_RATE_OVER_STABLE = "maxErrorRateOverStable";
  public static final String MAX_LATENCY_P99_RATIO = "maxLatencyP99Ratio";
  public static final String MIN_AGREEMENT = "minAgreement";

  /** The fewest requests of each version over which the p99s are compared. */
  public static final long PERCENTILE_MIN_REQUESTS = 100;

  private RolloutJudge() {}

  /**
   * @param candidate the candidate's measurements over the window (mirrored requests under shadow)
   * @param stable the stable version's over the same window, null when the model has none
   */
  public static Judgement judge(
      RolloutAnalysis analysis, VersionSample candidate, @Nullable VersionSample stable) {
    TrafficStats canary = candidate.stats();
    TrafficStats baseline = stable == null ? null : stable.stats();
    if (candidate.requests() < analysis.minRequests()) {
      return new Judgement(Judgement.Outcome.EXTEND, null, canary, baseline);
    }
    RolloutCheck failed = firstFailure(analysis, candidate, canary, baseline);
    return failed == null
        ? new Judgement(Judgement.Outcome.PASS, null, canary, baseline)
        : new Judgement(Judgement.Outcome.FAIL, failed, canary, baseline);
  }

  private static RolloutCheck firstFailure(
      RolloutAnalysis analysis,
      VersionSample candidate,
      TrafficStats canary,
      @Nullable TrafficStats stable) {
    RolloutCheck failed =
        above(MAX_ERROR_RATE, canary.errorRate(), analysis.maxErrorRate(), canary, stable);
    if (failed == null) {
      failed =
          above(
              MAX_LATENCY_P99_MILLIS,
              canary.latencyP99Millis(),
              analysis.maxLatencyP99Millis(),
              canary,
              stable);
    }
    if (failed == null && comparable(analysis, stable)) {
      failed = againstStable(analysis, canary, stable);
    }
    if (failed == null && candidate.compared() > 0 && analysis.minAgreement() != null) {
      double agreement = candidate.agreement();
      if (agreement < analysis.minAgreement()) {
        failed =
            new RolloutCheck(MIN_AGREEMENT, agreement, analysis.minAgreement(), canary, stable);
      }
    }
    return failed;
  }

  private static RolloutCheck againstStable(
      RolloutAnalysis analysis, TrafficStats canary, TrafficStats stable) {
    RolloutCheck failed =
        above(
            MAX_ERROR_RATE_OVER_STABLE,
            canary.errorRate() - stable.errorRate(),
            analysis.maxErrorRateOverStable(),
            canary,
            stable);
    if (failed == null && percentilesComparable(canary, stable)) {
      failed = p99Ratio(analysis, canary, stable);
    }
    return failed;
  }

  private static boolean percentilesComparable(TrafficStats canary, TrafficStats stable) {
    return stable.latencyP99Millis() > 0
        && canary.requests() >= PERCENTILE_MIN_REQUESTS
        && stable.requests() >= PERCENTILE_MIN_REQUESTS;
  }

  private static RolloutCheck p99Ratio(
      RolloutAnalysis analysis, TrafficStats canary, TrafficStats stable) {
    Double tolerance = analysis.latencyP99ToleranceMillis();
    if (tolerance != null && canary.latencyP99Millis() - stable.latencyP99Millis() <= tolerance) {
      return null;
    }
    return above(
        MAX_LATENCY_P99_RATIO,
        canary.latencyP99Millis() / stable.latencyP99Millis(),
        analysis.maxLatencyP99Ratio(),
        canary,
        stable);
  }

  private static boolean comparable(RolloutAnalysis analysis, @Nullable TrafficStats stable) {
    return stable != null && stable.requests() >= analysis.minRequests();
  }

  private static RolloutCheck above(
      String name,
      double observed,
      @Nullable Double limit,
      TrafficStats canary,
      @Nullable TrafficStats stable) {
    if (limit == null || observed <= limit) {
      return null;
    }
    return new RolloutCheck(name, observed, limit, canary, stable);
  }
}

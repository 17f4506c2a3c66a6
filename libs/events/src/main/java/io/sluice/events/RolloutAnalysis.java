package io.sluice.events;

/**
 * The checks a rollout makes at the end of each analysis window, from the gateway's own
 * measurements of the new version and of the stable one over the same window. An absent limit is
 * not checked.
 *
 * @param minRequests a window in which the new version served fewer requests is extended, not
 *     judged
 * @param maxErrorRate the new version's failed requests / requests may not exceed this
 * @param maxLatencyP99Millis the new version's p99 latency may not exceed this
 * @param maxErrorRateOverStable the new version's error rate minus the stable one's may not exceed
 *     this
 * @param maxLatencyP99Ratio the new version's p99 divided by the stable one's may not exceed this
 * @param latencyP99ToleranceMillis the ratio check fails only when the new version's p99 is also
 *     more than this many milliseconds above the stable one's: at sub-millisecond latencies a ratio
 *     of 2 is scheduler noise, not a slower model. Absent: no tolerance, the ratio alone decides
 * @param minAgreement under shadow, the share of requests both versions answered alike may not be
 *     lower
 * @param failedChecksToRollback this many failed windows in one rollout roll it back
 */
public record RolloutAnalysis(
    long minRequests,
    @Nullable Double maxErrorRate,
    @Nullable Double maxLatencyP99Millis,
    @Nullable Double maxErrorRateOverStable,
    @Nullable Double maxLatencyP99Ratio,
    @Nullable Double latencyP99ToleranceMillis,
    @Nullable Double minAgreement,
    int failedChecksToRollback) {

  /** The tolerance of the p99 ratio check when nobody said otherwise. */
  public static final double DEFAULT_LATENCY_P99_TOLERANCE_MILLIS = 5.0;

  /** What a rollout checks when nobody said otherwise. */
  public static final RolloutAnalysis DEFAULT =
      new RolloutAnalysis(20, 0.05, null, 0.02, 2.0, null, 2);

  public RolloutAnalysis {
    Checks.atLeast(minRequests, 1L, "minRequests");
    share(maxErrorRate, "maxErrorRate");
    positive(maxLatencyP99Millis, "maxLatencyP99Millis");
    share(maxErrorRateOverStable, "maxErrorRateOverStable");
    positive(maxLatencyP99Ratio, "maxLatencyP99Ratio");
    if (latencyP99ToleranceMillis != null
        && (!Double.isFinite(latencyP99ToleranceMillis) || latencyP99ToleranceMillis < 0)) {
      throw new IllegalArgumentException(
          "latencyP99ToleranceMillis must be zero or more, got " + latencyP99ToleranceMillis);
    }
    share(minAgreement, "minAgreement");
    Checks.atLeast(failedChecksToRollback, 1, "failedChecksToRollback");
  }

  /**
   * The analysis with the default {@link #DEFAULT_LATENCY_P99_TOLERANCE_MILLIS}: what callers that
   * predate the tolerance mean.
   */
  public RolloutAnalysis(
      long minRequests,
      @Nullable Double maxErrorRate,
      @Nullable Double maxLatencyP99Millis,
      @Nullable Double maxErrorRateOverStable,
      @Nullable Double maxLatencyP99Ratio,
      @Nullable Double minAgreement,
      int failedChecksToRollback) {
    this(
        minRequests,
        maxErrorRate,
        maxLatencyP99Millis,
        maxErrorRateOverStable,
        maxLatencyP99Ratio,
        DEFAULT_LATENCY_P99_TOLERANCE_MILLIS,
        minAgreement,
        failedChecksToRollback);
  }

  /** The same checks with another tolerance of the p99 ratio; null for none. */
  public RolloutAnalysis withLatencyP99ToleranceMillis(@Nullable Double millis) {
    return new RolloutAnalysis(
        minRequests,
        maxErrorRate,
        maxLatencyP99Millis,
        maxErrorRateOverStable,
        maxLatencyP99Ratio,
        millis,
        minAgreement,
        failedChecksToRollback);
  }

  private static void share(Double value, String field) {
    if (value != null && (!Double.isFinite(value) || value < 0 || value > 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
    }
  }

  private static void positive(Double value, String field) {
    if (value != null && (!Double.isFinite(value) || value <= 0)) {
      throw new IllegalArgumentException(field + " must be a positive number, got " + value);
    }
  }
}

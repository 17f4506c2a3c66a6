package io.sluice.events;

/**
 * What the gateway observed of one version over the last comparison window.
 *
 * @param requests requests served in the window
 * @param errorRate failed requests / requests, 0 when there were none
 * @param latencyP50Millis median latency
 * @param latencyP99Millis 99th percentile latency
 */
public record TrafficStats(
    long requests, double errorRate, double latencyP50Millis, double latencyP99Millis) {

  /** Nothing observed yet. */
  public static final TrafficStats NONE = new TrafficStats(0, 0, 0, 0);

  public TrafficStats {
    Checks.atLeast(requests, 0L, "requests");
    Checks.finite(errorRate, "errorRate");
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("errorRate must be in [0, 1], got " + errorRate);
    }
    nonNegative(latencyP50Millis, "latencyP50Millis");
    nonNegative(latencyP99Millis, "latencyP99Millis");
  }

  private static void nonNegative(double value, String field) {
    Checks.finite(value, field);
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
  }
}

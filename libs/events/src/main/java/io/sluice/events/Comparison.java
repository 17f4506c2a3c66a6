package io.sluice.events;

/** How a gate compared a metric with a threshold. */
public enum Comparison {
  /** actual >= threshold (a rule's min). */
  AT_LEAST,
  /** actual <= threshold (a rule's max). */
  AT_MOST,
  /** actual > threshold (e.g. beats the champion's value of a higher-is-better metric). */
  GREATER_THAN,
  /** actual < threshold (e.g. beats the champion's value of a lower-is-better metric). */
  LESS_THAN;

  /** Whether {@code actual} passes against {@code threshold}. */
  public boolean holds(double actual, double threshold) {
    return switch (this) {
      case AT_LEAST -> actual >= threshold;
      case AT_MOST -> actual <= threshold;
      case GREATER_THAN -> actual > threshold;
      case LESS_THAN -> actual < threshold;
    };
  }
}

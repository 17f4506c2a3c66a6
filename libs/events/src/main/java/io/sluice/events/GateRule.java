package io.sluice.events;

/**
 * One absolute threshold of an evaluation gate: the metric must lie within [min, max].
 *
 * @param metric the metric name, as the step reported it
 * @param min the lowest acceptable value, or null for no lower bound
 * @param max the highest acceptable value, or null for no upper bound
 */
public record GateRule(String metric, @Nullable Double min, @Nullable Double max) {

  public GateRule {
    Checks.notBlank(metric, "metric");
    if (min == null && max == null) {
      throw new IllegalArgumentException("gate rule for '" + metric + "' needs a min or a max");
    }
    if (min != null) {
      Checks.finite(min, "min");
    }
    if (max != null) {
      Checks.finite(max, "max");
    }
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException(
          "gate rule for '" + metric + "' has min " + min + " above max " + max);
    }
  }

  /** Whether {@code value} satisfies this rule. */
  public boolean admits(double value) {
    return (min == null || value >= min) && (max == null || value <= max);
  }
}

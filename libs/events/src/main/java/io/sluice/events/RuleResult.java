package io.sluice.events;

/**
 * The outcome of one gate comparison.
 *
 * @param metric the metric name
 * @param comparison how it was compared
 * @param threshold the value it was compared with (a rule bound or the champion's value)
 * @param actual the model's value, or null when the model did not report the metric
 * @param passed whether it passed (a missing metric never passes)
 */
public record RuleResult(
    String metric,
    Comparison comparison,
    double threshold,
    @Nullable Double actual,
    boolean passed) {

  public RuleResult {
    Checks.notBlank(metric, "metric");
    Checks.required(comparison, "comparison");
    Checks.finite(threshold, "threshold");
    if (actual != null) {
      Checks.finite(actual, "actual");
    }
    boolean holds = actual != null && comparison.holds(actual, threshold);
    if (passed != holds) {
      throw new IllegalArgumentException(
          "result for '"
              + metric
              + "' says passed="
              + passed
              + " but "
              + actual
              + " "
              + comparison
              + " "
              + threshold
              + " is "
              + holds);
    }
  }

  /** Compares {@code actual} (null when missing) with {@code threshold}. */
  public static RuleResult of(
      String metric, Comparison comparison, double threshold, Double actual) {
    boolean passed = actual != null && comparison.holds(actual, threshold);
    return new RuleResult(metric, comparison, threshold, actual, passed);
  }
}

package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of one gate comparison.
 *
 * @param metric the metric name
 * @param comparison how it was compared
 * @param threshold the value it was compared with (a rule bound or the champion's value)
 * @param actual the model's value, or null when the model did not report the metric
 * @param passed whether it passed (a missing metric never passes)
 * @param origin whose rule it was; absent means {@link RuleOrigin#PIPELINE}, the candidate's own
 *     gate (events from before the registry had policies of its own carry no origin)
 */
public record RuleResult(
    String metric,
    Comparison comparison,
    double threshold,
    @Nullable Double actual,
    boolean passed,
    // Left out of the JSON when absent, so that results of a pipeline's own rules are written
    // byte-identical to those from before the field existed.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable RuleOrigin origin) {

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

  /** A result without an origin: the candidate's own (pipeline) rule. */
  public RuleResult(
      String metric, Comparison comparison, double threshold, Double actual, boolean passed) {
    this(metric, comparison, threshold, actual, passed, null);
  }

  /** This result, marked as coming from {@code origin}'s rule. */
  public RuleResult from(RuleOrigin origin) {
    return new RuleResult(metric, comparison, threshold, actual, passed, origin);
  }

  /** Compares {@code actual} (null when missing) with {@code threshold}. */
  public static RuleResult of(
      String metric, Comparison comparison, double threshold, Double actual) {
    boolean passed = actual != null && comparison.holds(actual, threshold);
    return new RuleResult(metric, comparison, threshold, actual, passed);
  }
}

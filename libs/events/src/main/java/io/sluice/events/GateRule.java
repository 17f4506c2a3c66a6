package io.sluice.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One rule of an evaluation gate: the metric must lie within [min, max] and, when {@code
 * minGainOverChampion} is set, must beat the serving champion's value of the same metric by at
 * least that much.
 *
 * @param metric the metric name, as the step reported it
 * @param min the lowest acceptable value, or null for no lower bound
 * @param max the highest acceptable value, or null for no upper bound
 * @param minGainOverChampion the least {@code candidate - champion} that passes (0 means "not
 *     worse", negative is a tolerance), or null for no comparison with the champion
 */
public record GateRule(
    String metric,
    @Nullable Double min,
    @Nullable Double max,
    // Left out of the JSON when absent, so that payloads and spec hashes from before the field
    // existed stay byte-identical.
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double minGainOverChampion) {

  public GateRule {
    Checks.notBlank(metric, "metric");
    if (min == null && max == null && minGainOverChampion == null) {
      throw new IllegalArgumentException(
          "gate rule for '" + metric + "' needs a min or a max, or a minGainOverChampion");
    }
    if (min != null) {
      Checks.finite(min, "min");
    }
    if (max != null) {
      Checks.finite(max, "max");
    }
    if (minGainOverChampion != null) {
      Checks.finite(minGainOverChampion, "minGainOverChampion");
    }
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException(
          "gate rule for '" + metric + "' has min " + min + " above max " + max);
    }
  }

  /** An absolute rule, without comparison with the champion. */
  public GateRule(String metric, @Nullable Double min, @Nullable Double max) {
    this(metric, min, max, null);
  }

  /** Whether {@code value} satisfies this rule's absolute bounds. */
  public boolean admits(double value) {
    return (min == null || value >= min) && (max == null || value <= max);
  }

  /** Whether this rule compares the candidate with the current champion. */
  public boolean comparesWithChampion() {
    return minGainOverChampion != null;
  }
}

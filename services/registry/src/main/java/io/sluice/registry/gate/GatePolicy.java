package io.sluice.registry.gate;

import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a candidate's absolute gate rules to its metrics. A rule with a min and a max is two
 * comparisons; a metric the model did not report, or reported as NaN or infinite, fails every
 * comparison of its rule, because an unmeasured model must never pass a gate by default.
 */
public final class GatePolicy {

  /** Decides on {@code metrics} under {@code rules}; an empty rule list approves. */
  public GateDecision evaluate(List<GateRule> rules, Map<String, Double> metrics) {
    List<RuleResult> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> passes = new ArrayList<>();
    for (GateRule rule : rules) {
      Double actual = usable(metrics.get(rule.metric()));
      for (RuleResult result : compare(rule, actual)) {
        results.add(result);
        String reason = explain(result, metrics.get(rule.metric()));
        (result.passed() ? passes : failures).add(reason);
      }
    }
    if (!failures.isEmpty()) {
      return new GateDecision(Verdict.REJECTED, results, failures);
    }
    List<String> reasons = passes.isEmpty() ? List.of("no gate rules to apply") : passes;
    return new GateDecision(Verdict.APPROVED, results, reasons);
  }

  private static List<RuleResult> compare(GateRule rule, Double actual) {
    List<RuleResult> results = new ArrayList<>(2);
    if (rule.min() != null) {
      results.add(RuleResult.of(rule.metric(), Comparison.AT_LEAST, rule.min(), actual));
    }
    if (rule.max() != null) {
      results.add(RuleResult.of(rule.metric(), Comparison.AT_MOST, rule.max(), actual));
    }
    return results;
  }

  private static Double usable(Double reported) {
    return reported == null || !Double.isFinite(reported) ? null : reported;
  }

  private static String explain(RuleResult result, Double reported) {
    String bound = symbol(result.comparison()) + " " + result.threshold();
    if (reported == null) {
      return "metric '" + result.metric() + "' was not reported (needs " + bound + ")";
    }
    if (result.actual() == null) {
      return "metric '"
          + result.metric()
          + "' is "
          + reported
          + ", not a number (needs "
          + bound
          + ")";
    }
    String verb = result.passed() ? "meets" : "fails";
    return "metric '" + result.metric() + "' = " + result.actual() + " " + verb + " " + bound;
  }

  private static String symbol(Comparison comparison) {
    return switch (comparison) {
      case AT_LEAST -> ">=";
      case AT_MOST -> "<=";
      case GREATER_THAN -> ">";
      case LESS_THAN -> "<";
    };
  }
}

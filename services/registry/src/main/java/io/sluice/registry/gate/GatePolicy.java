package io.sluice.registry.gate;

import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a candidate's gate rules to its metrics. A rule with a min and a max is two comparisons;
 * a rule with {@code minGainOverChampion} adds a comparison with the serving champion's value. A
 * metric the model did not report, or reported as NaN or infinite, fails every comparison of its
 * rule, because an unmeasured model must never pass a gate by default. For the same reason a
 * champion that lacks the metric fails the champion comparison; only a model without any champion
 * yet passes it, as there is nothing serving that the candidate could be worse than.
 */
public final class GatePolicy {

  /** Decides on {@code metrics} under {@code rules}, without a champion; no rules approve. */
  public GateDecision evaluate(List<GateRule> rules, Map<String, Double> metrics) {
    return evaluate(rules, metrics, Optional.empty());
  }

  /** Decides on {@code metrics} under {@code rules}, comparing with {@code champion} if any. */
  public GateDecision evaluate(
      List<GateRule> rules, Map<String, Double> metrics, Optional<Champion> champion) {
    Tally tally = new Tally();
    for (GateRule rule : rules) {
      Double reported = metrics.get(rule.metric());
      for (RuleResult result : compare(rule, usable(reported))) {
        tally.add(result, explain(result, reported, ""));
      }
      if (rule.comparesWithChampion()) {
        compareWithChampion(rule, reported, champion, tally);
      }
    }
    return tally.decision();
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

  private static void compareWithChampion(
      GateRule rule, Double reported, Optional<Champion> champion, Tally tally) {
    String metric = rule.metric();
    if (champion.isEmpty()) {
      tally.pass("metric '" + metric + "': no champion yet to compare with");
      return;
    }
    int version = champion.get().version();
    Double championValue = usable(champion.get().metrics().get(metric));
    double gain = rule.minGainOverChampion();
    if (championValue == null || !Double.isFinite(championValue + gain)) {
      tally.fail(
          "metric '"
              + metric
              + "' cannot be compared with champion v"
              + version
              + ", which has no usable value for it");
      return;
    }
    RuleResult result =
        RuleResult.of(
            metric, Comparison.AT_LEAST, threshold(championValue, gain), usable(reported));
    String basis = " (champion v" + version + " " + championValue + " + " + gain + ")";
    tally.add(result, explain(result, reported, basis));
  }

  /**
   * The champion's value plus the gain, added as the decimals people wrote and read (0.95 + 0.01 is
   * 0.96, not 0.9600000000000001, which a candidate at exactly 0.96 would fail).
   */
  static double threshold(double championValue, double gain) {
    return BigDecimal.valueOf(championValue).add(BigDecimal.valueOf(gain)).doubleValue();
  }

  private static Double usable(Double reported) {
    return reported == null || !Double.isFinite(reported) ? null : reported;
  }

  /** A reason for people; {@code basis} says where a computed threshold came from. */
  private static String explain(RuleResult result, Double reported, String basis) {
    String bound = symbol(result.comparison()) + " " + result.threshold() + basis;
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

  /** Collects comparisons and the reasons for and against, in rule order. */
  private static final class Tally {
    private final List<RuleResult> results = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> passes = new ArrayList<>();

    void add(RuleResult result, String reason) {
      results.add(result);
      (result.passed() ? passes : failures).add(reason);
    }

    void pass(String reason) {
      passes.add(reason);
    }

    void fail(String reason) {
      failures.add(reason);
    }

    GateDecision decision() {
      if (!failures.isEmpty()) {
        return new GateDecision(Verdict.REJECTED, results, failures);
      }
      List<String> reasons = passes.isEmpty() ? List.of("no gate rules to apply") : passes;
      return new GateDecision(Verdict.APPROVED, results, reasons);
    }
  }
}

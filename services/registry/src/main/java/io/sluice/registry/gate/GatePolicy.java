package io.sluice.registry.gate;

import io.sluice.events.Comparison;
import io.sluice.events.GateRule;
import io.sluice.events.RuleOrigin;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import io.sluice.registry.policy.MinimumPolicy;
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
 *
 * <p>The registry's minimum policy for the model, when one is set, is applied on top of the
 * pipeline's rules: the verdict is both sets of rules, every comparison of each. Nothing is merged
 * away, so a pipeline rule weaker than the minimum on the same metric cannot lower the bar (the
 * minimum's comparison still fails), and a stronger one still applies as written. The minimum's
 * results carry {@link RuleOrigin#REGISTRY} and its reasons say {@code registry minimum rN:}.
 */
public final class GatePolicy {

  private static final Source PIPELINE = new Source(null, "");

  private final boolean policyRequired;

  /** A gate under which a model without a minimum policy is judged by its pipeline alone. */
  public GatePolicy() {
    this(false);
  }

  /**
   * @param policyRequired whether a model without a minimum policy is rejected, so that no pipeline
   *     author can ship a model that no approver has set a bar for
   */
  public GatePolicy(boolean policyRequired) {
    this.policyRequired = policyRequired;
  }

  /** Decides on {@code metrics} under {@code rules}, without a champion; no rules approve. */
  public GateDecision evaluate(List<GateRule> rules, Map<String, Double> metrics) {
    return evaluate(rules, metrics, Optional.empty());
  }

  /** Decides on {@code metrics} under {@code rules}, comparing with {@code champion} if any. */
  public GateDecision evaluate(
      List<GateRule> rules, Map<String, Double> metrics, Optional<Champion> champion) {
    return evaluate(rules, Optional.empty(), metrics, champion);
  }

  /**
   * Decides on {@code metrics} under the pipeline's {@code rules} and the registry's {@code
   * minimum}, comparing with {@code champion} where a rule asks for it.
   */
  public GateDecision evaluate(
      List<GateRule> rules,
      Optional<MinimumPolicy> minimum,
      Map<String, Double> metrics,
      Optional<Champion> champion) {
    Tally tally = new Tally();
    apply(rules, PIPELINE, metrics, champion, tally);
    if (minimum.isPresent()) {
      Source registry =
          new Source(RuleOrigin.REGISTRY, "registry minimum r" + minimum.get().revision() + ": ");
      apply(minimum.get().rules(), registry, metrics, champion, tally);
    } else if (policyRequired) {
      tally.fail("model has no minimum gate policy; an approver must set one before it can ship");
    }
    return tally.decision();
  }

  /** Whether any rule of the pipeline or of the minimum compares with the champion. */
  public static boolean needsChampion(List<GateRule> rules, Optional<MinimumPolicy> minimum) {
    return rules.stream().anyMatch(GateRule::comparesWithChampion)
        || minimum.stream()
            .flatMap(policy -> policy.rules().stream())
            .anyMatch(GateRule::comparesWithChampion);
  }

  private static void apply(
      List<GateRule> rules,
      Source source,
      Map<String, Double> metrics,
      Optional<Champion> champion,
      Tally tally) {
    for (GateRule rule : rules) {
      Double reported = metrics.get(rule.metric());
      for (RuleResult result : compare(rule, usable(reported))) {
        tally.add(source.mark(result), source.prefix() + explain(result, reported, ""));
      }
      if (rule.comparesWithChampion()) {
        compareWithChampion(rule, reported, champion, source, tally);
      }
    }
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
      GateRule rule, Double reported, Optional<Champion> champion, Source source, Tally tally) {
    String metric = rule.metric();
    if (champion.isEmpty()) {
      tally.pass(source.prefix() + "metric '" + metric + "': no champion yet to compare with");
      return;
    }
    int version = champion.get().version();
    Double championValue = usable(champion.get().metrics().get(metric));
    double gain = rule.minGainOverChampion();
    if (championValue == null || !Double.isFinite(championValue + gain)) {
      tally.fail(
          source.prefix()
              + "metric '"
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
    tally.add(source.mark(result), source.prefix() + explain(result, reported, basis));
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

  /** Whose rules are being applied: how their results are marked and their reasons begin. */
  private record Source(RuleOrigin origin, String prefix) {

    RuleResult mark(RuleResult result) {
      return origin == null ? result : result.from(origin);
    }
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

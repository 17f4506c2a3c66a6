package io.sluice.registry.gate;

import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import java.util.List;

/**
 * What the gate decided about one model version.
 *
 * @param verdict approved when every comparison passed
 * @param results each comparison, in rule order (a rule with min and max gives two)
 * @param reasons for people: the failures when rejected, what held when approved; never empty
 */
public record GateDecision(Verdict verdict, List<RuleResult> results, List<String> reasons) {

  public GateDecision {
    results = List.copyOf(results);
    reasons = List.copyOf(reasons);
  }
}

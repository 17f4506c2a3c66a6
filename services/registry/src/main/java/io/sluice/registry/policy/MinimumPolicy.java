package io.sluice.registry.policy;

import io.sluice.events.GateRule;
import java.time.Instant;
import java.util.List;

/**
 * One revision of a model's minimum gate policy: rules every candidate of the model must pass on
 * top of its pipeline's own gate. The registry owns it; only an approver sets it.
 *
 * @param modelName the model
 * @param revision the number of this revision, from 1, per model
 * @param rules the rules, in the pipeline gate's vocabulary; empty means no minimum
 * @param setBy the subject of the approver who set it
 * @param setAt when it was set
 */
public record MinimumPolicy(
    String modelName, int revision, List<GateRule> rules, String setBy, Instant setAt) {

  public MinimumPolicy {
    rules = List.copyOf(rules);
  }
}

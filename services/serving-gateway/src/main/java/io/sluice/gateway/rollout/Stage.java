package io.sluice.gateway.rollout;

import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * One analysis window of a rollout and the shares the candidate has during it. A shadow rollout
 * starts with a comparison stage (no answered share, {@code shadowPercent} mirrored), then the
 * canary steps, if any; a canary rollout has one stage per weight step.
 *
 * @param candidatePercent the share of requests the candidate answers
 * @param shadowPercent the share of requests copied to the candidate and compared
 */
public record Stage(int candidatePercent, int shadowPercent) {

  /** Every stage of a rollout, in order; empty for an immediate one. */
  public static List<Stage> of(RolloutSpec spec) {
    List<Stage> stages = new ArrayList<>();
    if (spec.strategy() == RolloutStrategy.IMMEDIATE) {
      return stages;
    }
    if (spec.strategy() == RolloutStrategy.SHADOW) {
      stages.add(new Stage(0, spec.shadowPercent()));
    }
    spec.steps().forEach(step -> stages.add(new Stage(step, 0)));
    return List.copyOf(stages);
  }

  /** True for the shadow comparison, where the candidate answers nobody. */
  public boolean isShadow() {
    return shadowPercent > 0;
  }
}

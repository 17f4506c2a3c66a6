package io.sluice.gateway.rollout;

import io.sluice.events.RolloutSpec;
import java.util.List;

/**
 * The rollout state machine, pure: where a judged window takes a rollout. A passed window moves to
 * the next stage, or promotes after the last; a failed window counts (failed windows add up over
 * the whole rollout, not per step) and holds the step until {@code failedChecksToRollback} of them
 * roll it back; an extended window changes nothing.
 */
public final class RolloutPlan {

  private RolloutPlan() {}

  /**
   * @param stage the index of the current stage in {@link Stage#of(RolloutSpec)}
   * @param failedChecks failed windows so far in this rollout
   */
  public static Transition next(
      RolloutSpec spec, int stage, int failedChecks, Judgement judgement) {
    List<Stage> stages = Stage.of(spec);
    if (stage < 0 || stage >= stages.size()) {
      throw new IllegalArgumentException(
          "stage " + stage + " of a rollout with " + stages.size() + " stages");
    }
    return switch (judgement.outcome()) {
      case EXTEND -> new Transition.Extend();
      case PASS ->
          stage + 1 < stages.size()
              ? new Transition.NextStage(stage + 1, stages.get(stage + 1))
              : new Transition.Promote();
      case FAIL -> {
        int failed = failedChecks + 1;
        yield failed >= spec.analysis().failedChecksToRollback()
            ? new Transition.RollBack(judgement.failedCheck(), failed)
            : new Transition.Hold(failed);
      }
    };
  }
}

package io.sluice.gateway.serving;

import io.sluice.events.ModelEvaluated;
import io.sluice.events.Verdict;
import java.util.Optional;

/** Whether an evaluated version should replace what a model serves now. Pure. */
public enum PromotionDecision {
  /** Approved and newer than the served version (or the model's first): load and switch. */
  PROMOTE,
  /** The gate rejected it: nothing changes. */
  REJECTED_BY_GATE,
  /** The same or a newer version serves already (a late or repeated event): nothing changes. */
  NOT_NEWER;

  /** Decides for an evaluation, given the version serving now (empty for none). */
  public static PromotionDecision decide(ModelEvaluated evaluated, Optional<Integer> serving) {
    if (evaluated.verdict() != Verdict.APPROVED) {
      return REJECTED_BY_GATE;
    }
    if (serving.isPresent() && serving.get() >= evaluated.version()) {
      return NOT_NEWER;
    }
    return PROMOTE;
  }
}

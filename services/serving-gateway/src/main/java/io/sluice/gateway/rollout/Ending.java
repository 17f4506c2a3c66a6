package io.sluice.gateway.rollout;

import io.sluice.events.ManualDecision;
import io.sluice.events.Nullable;
import io.sluice.events.RolloutCheck;

/**
 * How a rollout ended, as {@code ended_rollouts} keeps it.
 *
 * @param outcome what became of the candidate
 * @param reason for people: the failed check with its numbers, or a person's reason
 * @param failedCheck the check that rolled it back, only for {@link Outcome#ROLLED_BACK}
 * @param by who decided, null when the analysis did
 */
public record Ending(
    Outcome outcome, String reason, @Nullable RolloutCheck failedCheck, @Nullable String by) {

  /** What became of the candidate. */
  public enum Outcome {
    /** It took all traffic: the last window passed, or a person promoted it. */
    PROMOTED,
    /** The analysis failed it {@code failedChecksToRollback} times. */
    ROLLED_BACK,
    /** A person ended it: abort, rejection, or serving another version by hand. */
    ABORTED,
    /** A newer version was approved meanwhile and took its place. */
    REPLACED
  }

  /** A promotion by the analysis (decision null) or by a person. */
  public static Ending promoted(@Nullable ManualDecision decision) {
    return decision == null
        ? new Ending(Outcome.PROMOTED, "every window passed", null, null)
        : new Ending(Outcome.PROMOTED, decision.reason(), null, decision.by());
  }

  /**
   * A rollback: by the analysis when a check failed, by a person when there is a decision, else
   * replaced by a newer version.
   */
  public static Ending rolledBack(
      String reason, @Nullable RolloutCheck failedCheck, @Nullable ManualDecision decision) {
    if (failedCheck != null) {
      return new Ending(Outcome.ROLLED_BACK, reason, failedCheck, null);
    }
    if (decision != null) {
      return new Ending(Outcome.ABORTED, reason, null, decision.by());
    }
    return new Ending(Outcome.REPLACED, reason, null, null);
  }
}

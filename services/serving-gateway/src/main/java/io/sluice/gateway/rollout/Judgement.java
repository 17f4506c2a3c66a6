package io.sluice.gateway.rollout;

import io.sluice.events.Nullable;
import io.sluice.events.RolloutCheck;
import io.sluice.events.TrafficStats;
import java.util.Locale;

/**
 * What the analysis concluded of one window.
 *
 * @param outcome pass, fail or extend
 * @param failedCheck the first check that failed, only for {@link Outcome#FAIL}
 * @param canary what was observed of the candidate over the window
 * @param stable what was observed of the stable version over the same window, null when there is
 *     none
 */
public record Judgement(
    Outcome outcome,
    @Nullable RolloutCheck failedCheck,
    TrafficStats canary,
    @Nullable TrafficStats stable) {

  /** What a window's analysis concludes. */
  public enum Outcome {
    /** Every configured check held. */
    PASS,
    /** A check failed: one more failed check for the rollout. */
    FAIL,
    /** The candidate served fewer than {@code minRequests}: the window goes on, nothing judged. */
    EXTEND
  }

  public Judgement {
    if ((outcome == Outcome.FAIL) != (failedCheck != null)) {
      throw new IllegalArgumentException("a failed check goes with FAIL and only with FAIL");
    }
  }

  /** For people: the check, what was observed and the limit, with both versions' numbers. */
  public String describe() {
    if (failedCheck == null) {
      return outcome.name().toLowerCase(Locale.ROOT) + " " + Stats.describe(canary);
    }
    return failedCheck.name()
        + " "
        + Stats.number(failedCheck.observed())
        + (failedCheck.name().equals(RolloutJudge.MIN_AGREEMENT)
            ? " is below its minimum "
            : " exceeds its limit ")
        + Stats.number(failedCheck.limit())
        + " (candidate "
        + Stats.describe(canary)
        + (stable == null ? "" : "; stable " + Stats.describe(stable))
        + ")";
  }
}

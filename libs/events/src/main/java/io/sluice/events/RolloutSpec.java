package io.sluice.events;

import java.util.List;

/**
 * How the serving gateway rolls a model version out: the pipeline's {@code model.serving} section,
 * completed with the registry's defaults.
 *
 * @param strategy immediate, canary or shadow
 * @param steps the new version's share of the traffic at each canary step, strictly increasing,
 *     each in [1, 100]; after the last step's window passes the version takes all traffic. Empty
 *     for immediate, and for a shadow rollout that promotes straight after its comparison.
 * @param stepSeconds the length of one analysis window (one canary step, or the shadow comparison)
 * @param shadowPercent under shadow, the share of requests copied to the new version; else 0
 * @param analysis what each window checks
 */
public record RolloutSpec(
    RolloutStrategy strategy,
    List<Integer> steps,
    long stepSeconds,
    int shadowPercent,
    RolloutAnalysis analysis) {

  /** All traffic at once: what the gateway did before rollouts had a strategy. */
  public static final RolloutSpec IMMEDIATE =
      new RolloutSpec(RolloutStrategy.IMMEDIATE, List.of(), 60, 0, RolloutAnalysis.DEFAULT);

  public RolloutSpec {
    Checks.required(strategy, "strategy");
    steps = Checks.list(steps, "steps");
    Checks.atLeast(stepSeconds, 1L, "stepSeconds");
    Checks.required(analysis, "analysis");
    checkSteps(strategy, steps);
    checkShadow(strategy, shadowPercent);
  }

  private static void checkSteps(RolloutStrategy strategy, List<Integer> steps) {
    if (strategy == RolloutStrategy.IMMEDIATE && !steps.isEmpty()) {
      throw new IllegalArgumentException("an immediate rollout has no steps, got " + steps);
    }
    if (strategy == RolloutStrategy.CANARY && steps.isEmpty()) {
      throw new IllegalArgumentException("a canary rollout needs at least one step");
    }
    int previous = 0;
    for (Integer step : steps) {
      if (step == null || step <= previous || step > 100) {
        throw new IllegalArgumentException(
            "steps must increase strictly within [1, 100], got " + steps);
      }
      previous = step;
    }
  }

  private static void checkShadow(RolloutStrategy strategy, int shadowPercent) {
    if (strategy == RolloutStrategy.SHADOW) {
      if (shadowPercent < 1 || shadowPercent > 100) {
        throw new IllegalArgumentException(
            "shadowPercent must be in [1, 100] for a shadow rollout, got " + shadowPercent);
      }
    } else if (shadowPercent != 0) {
      throw new IllegalArgumentException(
          "shadowPercent applies to shadow rollouts only, got " + shadowPercent);
    }
  }
}

package io.sluice.events;

/** Where a canary rollout stands. */
public enum RolloutPhase {
  /** Loading, verifying and warming up the new version; it takes no traffic yet. */
  WARMING_UP,
  /** The new version takes {@code trafficPercent} of the traffic and is being compared. */
  CANARY,
  /** The new version takes all traffic; {@code model.promoted} follows. */
  PROMOTING,
  /** Traffic goes back to the stable version; {@code model.rolled_back} follows. */
  ROLLING_BACK
}

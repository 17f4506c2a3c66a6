package io.sluice.events;

/** The checks {@code rollout.started} and {@code rollout.progressed} share. */
final class Rollouts {

  private Rollouts() {}

  static void check(
      String modelName,
      int version,
      Integer stableVersion,
      int trafficPercent,
      RolloutPhase phase,
      TrafficStats canary,
      TrafficStats stable) {
    Checks.notBlank(modelName, "modelName");
    Checks.atLeast(version, 1, "version");
    if (stableVersion != null) {
      Checks.atLeast(stableVersion, 1, "stableVersion");
      if (stableVersion == version) {
        throw new IllegalArgumentException("stableVersion equals version " + version);
      }
    }
    if (trafficPercent < 0 || trafficPercent > 100) {
      throw new IllegalArgumentException(
          "trafficPercent must be in [0, 100], got " + trafficPercent);
    }
    Checks.required(phase, "phase");
    Checks.required(canary, "canary");
    if (stable != null && stableVersion == null) {
      throw new IllegalArgumentException("stable stats given but there is no stableVersion");
    }
  }
}

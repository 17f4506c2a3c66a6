package io.sluice.events;

/**
 * A canary rollout moved on (a traffic step, or a comparison window closed). Key: the model name.
 *
 * @param modelName the model
 * @param version the version being rolled out
 * @param stableVersion the version serving the rest of the traffic, or null when there is none
 * @param trafficPercent the share of traffic the new version takes, 0 to 100
 * @param phase where the rollout stands
 * @param canary what was observed of the new version
 * @param stable what was observed of the stable version, or null when there is none
 * @param failedCheck the check that failed in the window this event closes (the step is held, or
 *     the rollout rolls back), or null when none failed
 */
public record RolloutProgressed(
    String modelName,
    int version,
    @Nullable Integer stableVersion,
    int trafficPercent,
    RolloutPhase phase,
    TrafficStats canary,
    @Nullable TrafficStats stable,
    @Nullable RolloutCheck failedCheck)
    implements EventData {

  public RolloutProgressed {
    Rollouts.check(modelName, version, stableVersion, trafficPercent, phase, canary, stable);
  }

  /** A move in which no check failed. */
  public RolloutProgressed(
      String modelName,
      int version,
      @Nullable Integer stableVersion,
      int trafficPercent,
      RolloutPhase phase,
      TrafficStats canary,
      @Nullable TrafficStats stable) {
    this(modelName, version, stableVersion, trafficPercent, phase, canary, stable, null);
  }

  @Override
  public EventType eventType() {
    return EventType.ROLLOUT_PROGRESSED;
  }
}

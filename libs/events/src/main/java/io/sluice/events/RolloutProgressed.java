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
 */
public record RolloutProgressed(
    String modelName,
    int version,
    @Nullable Integer stableVersion,
    int trafficPercent,
    RolloutPhase phase,
    TrafficStats canary,
    @Nullable TrafficStats stable)
    implements EventData {

  public RolloutProgressed {
    Rollouts.check(modelName, version, stableVersion, trafficPercent, phase, canary, stable);
  }

  @Override
  public EventType eventType() {
    return EventType.ROLLOUT_PROGRESSED;
  }
}

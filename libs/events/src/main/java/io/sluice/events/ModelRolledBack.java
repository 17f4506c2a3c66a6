package io.sluice.events;

/**
 * A canary misbehaved and its traffic went back to the stable version. Key: the model name.
 *
 * @param modelName the model
 * @param version the version rolled back
 * @param restoredVersion the version that takes the traffic again, or null when there was none
 * @param reason what was observed, for people (e.g. "error rate 12% vs 0.4% over 200 requests")
 * @param failedCheck the analysis check that rolled it back, or null for a rollback by hand
 * @param decision who rolled it back by hand and why, or null when the analysis did
 */
public record ModelRolledBack(
    String modelName,
    int version,
    @Nullable Integer restoredVersion,
    String reason,
    @Nullable RolloutCheck failedCheck,
    @Nullable ManualDecision decision)
    implements EventData {

  public ModelRolledBack {
    Checks.notBlank(modelName, "modelName");
    Checks.atLeast(version, 1, "version");
    if (restoredVersion != null) {
      Checks.atLeast(restoredVersion, 1, "restoredVersion");
    }
    Checks.notBlank(reason, "reason");
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_ROLLED_BACK;
  }
}

package io.sluice.events;

/**
 * The registry moved or removed one of a model's aliases ({@code champion}, {@code challenger} or
 * one a person named). Key: the model name.
 *
 * @param modelName the model
 * @param alias the alias, e.g. {@code champion}
 * @param version the version it names now, or null when it was removed
 * @param previousVersion the version it named before, or null when it is new
 * @param movedBy who moved it: a person's subject, or the service whose event moved it (e.g. {@code
 *     serving-gateway})
 * @param reason why, for people
 */
public record ModelAliasMoved(
    String modelName,
    String alias,
    @Nullable Integer version,
    @Nullable Integer previousVersion,
    String movedBy,
    String reason)
    implements EventData {

  public ModelAliasMoved {
    Checks.notBlank(modelName, "modelName");
    Checks.notBlank(alias, "alias");
    if (version != null) {
      Checks.atLeast(version, 1, "version");
    }
    if (previousVersion != null) {
      Checks.atLeast(previousVersion, 1, "previousVersion");
    }
    if (version == null && previousVersion == null) {
      throw new IllegalArgumentException("an alias move needs a version or a previousVersion");
    }
    Checks.notBlank(movedBy, "movedBy");
    Checks.notBlank(reason, "reason");
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_ALIAS_MOVED;
  }
}

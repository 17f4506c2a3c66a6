package io.sluice.events;

/**
 * A model version now takes all traffic; the registry moves the {@code champion} alias to it. Key:
 * the model name.
 *
 * @param modelName the model
 * @param version the promoted version
 * @param previousVersion the version it replaced, or null for the first one
 * @param artifact the ONNX file and its hash
 */
public record ModelPromoted(
    String modelName, int version, @Nullable Integer previousVersion, ArtifactRef artifact)
    implements EventData {

  public ModelPromoted {
    Checks.notBlank(modelName, "modelName");
    Checks.atLeast(version, 1, "version");
    if (previousVersion != null) {
      Checks.atLeast(previousVersion, 1, "previousVersion");
    }
    Checks.required(artifact, "artifact");
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_PROMOTED;
  }
}

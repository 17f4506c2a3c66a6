package io.sluice.events;

/**
 * A person asked for a model version to take all traffic now: a promotion by hand, or a rollback to
 * an earlier version. Carries all the gateway needs to load it, as {@code model.evaluated} does.
 * The gateway answers with {@code model.promoted} or {@code model.rolled_back}. Key: the model
 * name.
 *
 * @param modelName the model
 * @param version the version to serve
 * @param artifact the ONNX file and its hash
 * @param signature inputs, outputs, feature and class names
 * @param action promote or roll back
 * @param decision who asked and why
 */
public record ModelServeRequested(
    String modelName,
    int version,
    ArtifactRef artifact,
    ModelSignature signature,
    ServeAction action,
    ManualDecision decision)
    implements EventData {

  public ModelServeRequested {
    Checks.notBlank(modelName, "modelName");
    Checks.atLeast(version, 1, "version");
    Checks.required(artifact, "artifact");
    Checks.required(signature, "signature");
    Checks.required(action, "action");
    Checks.required(decision, "decision");
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_SERVE_REQUESTED;
  }
}

package io.sluice.events;

/**
 * The registry recorded an immutable model version for a candidate. Key: the model name.
 *
 * @param modelName the model
 * @param version the version number, from 1, per model
 * @param artifact the ONNX file and its hash
 * @param runId the run that produced it
 * @param candidateEventId the {@code ce_id} of the {@code model.candidate} event
 */
public record ModelRegistered(
    String modelName, int version, ArtifactRef artifact, String runId, String candidateEventId)
    implements EventData {

  public ModelRegistered {
    Checks.notBlank(modelName, "modelName");
    Checks.atLeast(version, 1, "version");
    Checks.required(artifact, "artifact");
    Checks.notBlank(runId, "runId");
    Checks.notBlank(candidateEventId, "candidateEventId");
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_REGISTERED;
  }
}

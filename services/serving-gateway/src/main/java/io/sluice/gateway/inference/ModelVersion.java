package io.sluice.gateway.inference;

import io.sluice.events.ArtifactRef;
import io.sluice.events.ModelSignature;

/**
 * One version of a model as the gateway serves it: what to load and what it promises.
 *
 * @param name the model name, as clients address it
 * @param version the registry's version number
 * @param artifact the ONNX file and its sha256
 * @param signature inputs, outputs, feature and class names
 */
public record ModelVersion(
    String name, int version, ArtifactRef artifact, ModelSignature signature) {

  @Override
  public String toString() {
    return name + " v" + version;
  }
}

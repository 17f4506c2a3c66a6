package io.sluice.gateway.serving;

import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;

/** Makes a version ready to take traffic. */
@FunctionalInterface
public interface Preparer {

  /**
   * A loaded, verified, warmed-up model.
   *
   * @throws UnusableArtifactException when this version can never be served
   */
  ServedModel prepare(ModelVersion version) throws UnusableArtifactException;
}

package io.sluice.gateway.artifact;

/** The artifact store could not be reached or failed; the caller retries later. */
public class ArtifactStoreUnavailableException extends RuntimeException {

  public ArtifactStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

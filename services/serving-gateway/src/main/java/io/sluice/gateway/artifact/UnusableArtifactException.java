package io.sluice.gateway.artifact;

/**
 * A model artifact that can never be served, however often it is retried: missing, too large, not
 * the bytes the registry hashed, not loadable, or not matching its signature. The version is not
 * served and the one serving now keeps serving.
 */
public class UnusableArtifactException extends Exception {

  private final String reason;

  /**
   * @param reason a short metric tag, e.g. {@code sha256_mismatch}
   * @param message what happened, for people
   */
  public UnusableArtifactException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public UnusableArtifactException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** A short, fixed tag naming the kind of failure. */
  public String reason() {
    return reason;
  }
}

package io.sluice.ingest.store;

/**
 * Where one watched bucket's notification wiring stands.
 *
 * @param state the outcome of the last attempt
 * @param detail what an operator reads in the readiness check: the target, or what went wrong and
 *     how to fix it
 */
public record WiringStatus(State state, String detail) {

  /** The outcome of the last attempt. */
  public enum State {
    /** The bucket sends its object-created events to the target. */
    WIRED,
    /** MinIO has no notification target with the configured ARN: an operator must add it. */
    TARGET_MISSING,
    /** The store refused or could not be reached; tried again later. */
    FAILED
  }

  public boolean wired() {
    return state == State.WIRED;
  }
}

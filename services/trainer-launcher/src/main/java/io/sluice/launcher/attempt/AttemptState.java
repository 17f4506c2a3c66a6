package io.sluice.launcher.attempt;

/** Where an attempt stands in the launcher's table. */
public enum AttemptState {
  /** Recorded and {@code step.started} emitted; the command may be running. */
  STARTED,
  /** {@code step.done} emitted. */
  DONE,
  /** {@code step.failed} emitted. */
  FAILED
}

package io.sluice.launcher.step;

import io.sluice.events.FailureReason;

/** Ends an attempt early with a reason from the taxonomy (bad request, missing input, ...). */
public final class StepFailure extends Exception {

  private final FailureReason reason;
  private final boolean retryable;

  public StepFailure(FailureReason reason, boolean retryable, String message) {
    super(message);
    this.reason = reason;
    this.retryable = retryable;
  }

  public StepFailure(FailureReason reason, boolean retryable, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryable = retryable;
  }

  public FailureReason reason() {
    return reason;
  }

  public boolean retryable() {
    return retryable;
  }
}

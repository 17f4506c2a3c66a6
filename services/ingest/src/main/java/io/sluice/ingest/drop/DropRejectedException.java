package io.sluice.ingest.drop;

import io.sluice.events.RejectionReason;

/** A drop that can never become a dataset version, with a message a person can act on. */
public class DropRejectedException extends Exception {

  private final RejectionReason reason;

  public DropRejectedException(RejectionReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}

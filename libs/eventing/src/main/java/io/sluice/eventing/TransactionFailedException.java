package io.sluice.eventing;

/**
 * A transaction did not commit. The cause tells why: a database failure (worth retrying) or an
 * exception thrown by the work itself.
 */
public class TransactionFailedException extends RuntimeException {

  public TransactionFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  static TransactionFailedException wrap(Exception e) {
    if (e instanceof TransactionFailedException tfe) {
      return tfe;
    }
    return new TransactionFailedException(e.getMessage(), e);
  }
}

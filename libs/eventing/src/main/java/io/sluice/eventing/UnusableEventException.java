package io.sluice.eventing;

/**
 * Thrown by a handler for an event that can never be applied, however often it is retried (for
 * example data that contradicts itself). The record goes to the dead-letter topic and consumption
 * continues. Anything else a handler throws is treated as transient and retried with backoff.
 */
public class UnusableEventException extends Exception {

  public UnusableEventException(String message) {
    super(message);
  }

  public UnusableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.sluice.ingest.dataset;

/** A dataset definition that cannot be registered; the message names the field at fault. */
public class InvalidDefinitionException extends Exception {

  public InvalidDefinitionException(String message) {
    super(message);
  }
}

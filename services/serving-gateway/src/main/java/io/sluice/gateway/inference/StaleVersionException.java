package io.sluice.gateway.inference;

/** A version that is not newer than the one already serving; it is not switched to. */
public class StaleVersionException extends Exception {

  public StaleVersionException(ModelVersion refused, int serving) {
    super(refused + " is not newer than v" + serving + ", which serves now");
  }
}

package io.sluice.gateway.protocol;

import java.util.Arrays;

/**
 * The values of one input's {@code data} as sent, before they are checked against the model's
 * datatype: numbers (held as doubles) or booleans (1 and 0), never both. A hard cap means a request
 * can never make the gateway allocate more than the largest allowed batch.
 */
public final class TensorValues {

  /** Integers beyond this lose digits as doubles: INT64 refuses them rather than round them. */
  static final long EXACT_LIMIT = 1L << 53;

  private static final int INITIAL = 64;

  private final int max;
  private double[] values;
  private int count;
  private boolean numbers;
  private boolean booleans;
  private int firstInexact = -1;

  TensorValues(int max) {
    this.max = max;
    this.values = new double[Math.min(INITIAL, Math.max(max, 1))];
  }

  /** Values of a test, as if parsed. */
  public static TensorValues of(double... values) {
    TensorValues collected = new TensorValues(Math.max(values.length, 1));
    for (double value : values) {
      collected.addNumber(value, false);
    }
    return collected;
  }

  void addNumber(double value, boolean inexactInteger) {
    if (inexactInteger && firstInexact < 0) {
      firstInexact = count;
    }
    numbers = true;
    add(value);
  }

  void addBoolean(boolean value) {
    booleans = true;
    add(value ? 1 : 0);
  }

  private void add(double value) {
    if (count == max) {
      throw V2Exception.badRequest(
          "the batch is too large: more than " + max + " values in one input");
    }
    if (count == values.length) {
      values = Arrays.copyOf(values, (int) Math.min((long) values.length * 2, max));
    }
    values[count++] = value;
  }

  /** The i-th value (a boolean as 1 or 0). */
  public double get(int index) {
    return values[index];
  }

  public int count() {
    return count;
  }

  /** True when {@code data} held at least one number. */
  public boolean hasNumbers() {
    return numbers;
  }

  /** True when {@code data} held at least one {@code true} or {@code false}. */
  public boolean hasBooleans() {
    return booleans;
  }

  /** The index of the first integer a double cannot hold exactly (beyond ±2^53), or -1. */
  public int firstInexactInteger() {
    return firstInexact;
  }
}

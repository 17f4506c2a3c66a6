package io.sluice.gateway.protocol;

import java.util.Arrays;

/**
 * The values of one input's {@code data} as sent, before they are checked against the model's
 * datatype: numbers (held as doubles) or booleans (1 and 0), never both. Integers beyond ±2^53,
 * which a double would round, are also kept exactly (as longs) for INT64, from the first one on. A
 * hard cap means a request can never make the gateway allocate more than the largest allowed batch.
 */
public final class TensorValues {

  /** Integers beyond this lose digits as doubles: they are kept as longs too. */
  static final long EXACT_LIMIT = 1L << 53;

  private static final int INITIAL = 64;

  private final int max;
  private double[] values;
  private int count;
  private boolean numbers;
  private boolean booleans;
  private int firstInexact = -1;
  // Null until an integer beyond ±2^53 arrives; then every value's long, index for index.
  private long[] exact;

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

  /**
   * A number that is not an integer a long can hold.
   *
   * @param beyondLong an integer beyond the long range: no INT64 can take it
   */
  void addNumber(double value, boolean beyondLong) {
    if (beyondLong && firstInexact < 0) {
      firstInexact = count;
    }
    numbers = true;
    add(value);
  }

  /** An integer, kept exactly even where a double cannot hold it. */
  void addInteger(long value) {
    numbers = true;
    if (exact == null && (value > EXACT_LIMIT || value < -EXACT_LIMIT)) {
      exact = new long[values.length];
      for (int i = 0; i < count; i++) {
        exact[i] = (long) values[i];
      }
    }
    add(value);
    if (exact != null) {
      exact[count - 1] = value;
    }
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
      int grown = (int) Math.min((long) values.length * 2, max);
      values = Arrays.copyOf(values, grown);
      exact = exact == null ? null : Arrays.copyOf(exact, grown);
    }
    if (exact != null) {
      exact[count] = (long) value;
    }
    values[count++] = value;
  }

  /** The i-th value (a boolean as 1 or 0). */
  public double get(int index) {
    return values[index];
  }

  /**
   * The i-th value as a long: exact for any integer that was sent as one, else the double's value
   * truncated (the caller checks that it is whole).
   */
  public long getLong(int index) {
    return exact != null ? exact[index] : (long) values[index];
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

  /** The index of the first integer a long cannot hold (beyond the INT64 range), or -1. */
  public int firstInexactInteger() {
    return firstInexact;
  }
}

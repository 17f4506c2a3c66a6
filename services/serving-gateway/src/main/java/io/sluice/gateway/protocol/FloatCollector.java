package io.sluice.gateway.protocol;

import java.util.Arrays;

/**
 * A growing float array with a hard cap, so that a request can never make the gateway allocate more
 * than the largest allowed batch. Remembers the first value that is not finite.
 */
final class FloatCollector {

  private static final int INITIAL = 64;

  private final int max;
  private float[] values;
  private int count;
  private int firstNonFinite = -1;

  FloatCollector(int max) {
    this.max = max;
    this.values = new float[Math.min(INITIAL, Math.max(max, 1))];
  }

  void add(float value) {
    if (count == max) {
      throw V2Exception.badRequest(
          "the batch is too large: more than " + max + " values in one input");
    }
    if (count == values.length) {
      values = Arrays.copyOf(values, (int) Math.min((long) values.length * 2, max));
    }
    if (firstNonFinite < 0 && !Float.isFinite(value)) {
      firstNonFinite = count;
    }
    values[count++] = value;
  }

  float[] values() {
    return values;
  }

  int count() {
    return count;
  }

  int firstNonFinite() {
    return firstNonFinite;
  }
}

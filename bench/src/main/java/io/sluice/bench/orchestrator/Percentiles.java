package io.sluice.bench.orchestrator;

import java.util.Arrays;

/** A growing sample of latencies in nanoseconds, read as nearest-rank percentiles in ms. */
final class Percentiles {

  private long[] nanos = new long[1024];
  private int count;

  synchronized void add(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  synchronized int count() {
    return count;
  }

  /** The {@code quantile} (0..1] in milliseconds, or NaN for an empty sample. */
  synchronized double millis(double quantile) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(quantile * count) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** The largest value in milliseconds, or NaN for an empty sample. */
  double maxMillis() {
    return millis(1.0);
  }
}

package io.sluice.bench;

import java.util.Arrays;

/** Collected latencies in nanoseconds and their percentiles. */
final class Latencies {

  private final long[] nanos;
  private int count;

  Latencies(int capacity) {
    nanos = new long[capacity];
  }

  synchronized void add(long latencyNanos) {
    nanos[count++] = latencyNanos;
  }

  synchronized String summary() {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return String.format(
        "n=%d p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms",
        count,
        millis(sorted, 0.50),
        millis(sorted, 0.95),
        millis(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double millis(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}

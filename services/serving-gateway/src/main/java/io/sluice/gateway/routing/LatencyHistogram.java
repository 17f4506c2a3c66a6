package io.sluice.gateway.routing;

import java.util.Arrays;

/**
 * Latencies counted in fixed, logarithmic buckets (about 4% wide, from 10 µs to about 60 s), so
 * that replicas' counts add up and a percentile of the sum is exact to a bucket. Not thread-safe: a
 * replica records into lock-free counters and copies them into one of these when it drains.
 */
public final class LatencyHistogram {

  /** The number of buckets; bucket i holds latencies up to {@link #upperBoundMicros(int)}. */
  public static final int BUCKETS = 400;

  private static final double GROWTH = 1.04;
  private static final double SMALLEST_MICROS = 10;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  private final long[] counts;

  public LatencyHistogram() {
    this(new long[BUCKETS]);
  }

  private LatencyHistogram(long[] counts) {
    this.counts = counts;
  }

  /** A histogram over stored counts, e.g. read back from the database. */
  public static LatencyHistogram of(long[] counts) {
    if (counts.length != BUCKETS) {
      throw new IllegalArgumentException("expected " + BUCKETS + " buckets, got " + counts.length);
    }
    return new LatencyHistogram(counts.clone());
  }

  /** The bucket a latency falls into. */
  public static int bucketOf(long nanos) {
    double micros = nanos / 1_000.0;
    if (micros <= SMALLEST_MICROS) {
      return 0;
    }
    int bucket = (int) Math.ceil(Math.log(micros / SMALLEST_MICROS) / LOG_GROWTH);
    return Math.min(bucket, BUCKETS - 1);
  }

  /** The largest latency bucket i holds, in microseconds. */
  public static double upperBoundMicros(int bucket) {
    return SMALLEST_MICROS * Math.pow(GROWTH, bucket);
  }

  public void record(long nanos) {
    counts[bucketOf(nanos)]++;
  }

  public void add(int bucket, long count) {
    counts[bucket] += count;
  }

  public void addAll(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
  }

  public long count() {
    return Arrays.stream(counts).sum();
  }

  /**
   * The latency below which {@code quantile} (0 to 1) of the counted ones fall, in ms; 0 if none.
   */
  public double percentileMillis(double quantile) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBoundMicros(i) / 1_000.0;
      }
    }
    return upperBoundMicros(BUCKETS - 1) / 1_000.0;
  }

  /** A copy of the counts, e.g. to store them. */
  public long[] counts() {
    return counts.clone();
  }
}

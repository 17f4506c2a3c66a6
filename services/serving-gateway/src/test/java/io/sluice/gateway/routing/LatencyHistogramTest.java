package io.sluice.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesAreExactToABucketOfAboutFourPercent() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int millis = 1; millis <= 100; millis++) {
      histogram.record(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    assertThat(histogram.percentileMillis(0.50)).isCloseTo(50, within(50 * 0.04));
    assertThat(histogram.percentileMillis(0.99)).isCloseTo(99, within(99 * 0.04));
    assertThat(histogram.count()).isEqualTo(100);
  }

  @Test
  void replicasCountsAddUpToThePercentilesOfAllRequests() {
    LatencyHistogram fast = new LatencyHistogram();
    LatencyHistogram slow = new LatencyHistogram();
    for (int i = 0; i < 98; i++) {
      fast.record(TimeUnit.MILLISECONDS.toNanos(1));
    }
    slow.record(TimeUnit.MILLISECONDS.toNanos(80));
    slow.record(TimeUnit.MILLISECONDS.toNanos(80));

    VersionSample sum =
        new VersionSample(98, 0, fast, 0, 0).plus(new VersionSample(2, 1, slow, 0, 0));

    assertThat(sum.stats().requests()).isEqualTo(100);
    assertThat(sum.stats().errorRate()).isEqualTo(0.01);
    assertThat(sum.stats().latencyP50Millis()).isCloseTo(1, within(0.04));
    assertThat(sum.stats().latencyP99Millis()).isCloseTo(80, within(80 * 0.04));
  }

  @Test
  void extremeLatenciesLandInTheFirstAndLastBuckets() {
    assertThat(LatencyHistogram.bucketOf(0)).isZero();
    assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    assertThat(LatencyHistogram.upperBoundMicros(LatencyHistogram.BUCKETS - 1) / 1e6)
        .isGreaterThan(60);
  }

  @Test
  void anEmptySampleHasNoErrorsAndFullAgreement() {
    assertThat(VersionSample.empty().stats().errorRate()).isZero();
    assertThat(VersionSample.empty().agreement()).isEqualTo(1.0);
  }
}

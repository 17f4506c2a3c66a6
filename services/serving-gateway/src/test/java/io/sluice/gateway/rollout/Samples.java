package io.sluice.gateway.rollout;

import io.sluice.gateway.routing.LatencyHistogram;
import io.sluice.gateway.routing.VersionSample;

/** Measurements for the analysis tests: every request takes the same time. */
final class Samples {

  private Samples() {}

  static VersionSample of(long requests, long errors, double latencyMillis) {
    return of(requests, errors, latencyMillis, 0, 0);
  }

  static VersionSample of(
      long requests, long errors, double latencyMillis, long compared, long agreed) {
    LatencyHistogram latency = new LatencyHistogram();
    for (long i = 0; i < requests; i++) {
      latency.record((long) (latencyMillis * 1_000_000));
    }
    return new VersionSample(requests, errors, latency, compared, agreed);
  }
}

package io.sluice.gateway.routing;

import io.sluice.events.TrafficStats;

/**
 * What one replica measured of one model version since it last drained its counters: the unit a
 * replica reports and the rollout driver adds up across replicas for an analysis window.
 *
 * @param requests requests the version answered (mirrored ones included under shadow)
 * @param errors those that failed on the server's side (a model or runtime failure, never a
 *     client's malformed request)
 * @param latency the time each one took to score and answer
 * @param compared under shadow, mirrored requests whose answer was compared with the stable one's
 * @param agreed of those, the ones both versions answered alike (same labels)
 */
public record VersionSample(
    long requests, long errors, LatencyHistogram latency, long compared, long agreed) {

  public static VersionSample empty() {
    return new VersionSample(0, 0, new LatencyHistogram(), 0, 0);
  }

  public VersionSample plus(VersionSample other) {
    LatencyHistogram sum = new LatencyHistogram();
    sum.addAll(latency);
    sum.addAll(other.latency);
    return new VersionSample(
        requests + other.requests,
        errors + other.errors,
        sum,
        compared + other.compared,
        agreed + other.agreed);
  }

  /** The shape events carry. */
  public TrafficStats stats() {
    double errorRate = requests == 0 ? 0 : (double) errors / requests;
    return new TrafficStats(
        requests, errorRate, latency.percentileMillis(0.50), latency.percentileMillis(0.99));
  }

  /** The share of compared requests answered alike, 1 when none were compared. */
  public double agreement() {
    return compared == 0 ? 1 : (double) agreed / compared;
  }
}

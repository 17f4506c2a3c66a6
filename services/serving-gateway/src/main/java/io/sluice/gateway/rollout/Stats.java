package io.sluice.gateway.rollout;

import io.sluice.events.TrafficStats;
import java.util.Locale;

/** Numbers of a window as people read them in reasons and logs. */
final class Stats {

  private Stats() {}

  static String describe(TrafficStats stats) {
    return String.format(
        Locale.ROOT,
        "%d requests, error rate %s, p50 %s ms, p99 %s ms",
        stats.requests(),
        number(stats.errorRate()),
        number(stats.latencyP50Millis()),
        number(stats.latencyP99Millis()));
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }
}

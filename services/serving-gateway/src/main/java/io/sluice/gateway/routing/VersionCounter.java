package io.sluice.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sluice.gateway.routing.VersionCounters.Outcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One version's counters. Recording is lock-free ({@link LongAdder}s, one per latency bucket too);
 * draining subtracts exactly what it read, so a request recorded while it runs lands in this sample
 * or the next, never in both and never in neither. The counters are separate adders, so a request
 * recorded during a drain may have its count in one sample and its error or latency in the next: a
 * sample is off by at most the requests in flight at that instant, the sum of samples is exact.
 *
 * <p>Meters: {@code sluice.gateway.requests} (a timer tagged model, version and outcome {@code
 * ok|error|refused}) and {@code sluice.gateway.shadow} (mirrored requests tagged model, version and
 * outcome {@code agreed|disagreed|dropped}).
 */
final class VersionCounter {

  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder compared = new LongAdder();
  private final LongAdder agreed = new LongAdder();
  private final LongAdder[] latency = new LongAdder[LatencyHistogram.BUCKETS];
  private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);
  private final Counter shadowAgreed;
  private final Counter shadowDisagreed;
  private final Counter shadowDropped;

  VersionCounter(MeterRegistry registry, String model, int version) {
    for (int i = 0; i < latency.length; i++) {
      latency[i] = new LongAdder();
    }
    String v = Integer.toString(version);
    for (Outcome outcome : Outcome.values()) {
      timers.put(
          outcome,
          Timer.builder("sluice.gateway.requests")
              .description("Inference requests per model version, by outcome")
              .tags("model", model, "version", v, "outcome", outcome.tag())
              .register(registry));
    }
    shadowAgreed = shadow(registry, model, v, "agreed");
    shadowDisagreed = shadow(registry, model, v, "disagreed");
    shadowDropped = shadow(registry, model, v, "dropped");
  }

  private static Counter shadow(MeterRegistry registry, String model, String v, String outcome) {
    return Counter.builder("sluice.gateway.shadow")
        .description("Requests mirrored to a candidate, by outcome")
        .tags("model", model, "version", v, "outcome", outcome)
        .register(registry);
  }

  /** Unregisters this version's meters, so that a retired version leaves nothing behind. */
  void removeMeters(MeterRegistry registry) {
    timers.values().forEach(registry::remove);
    registry.remove(shadowAgreed);
    registry.remove(shadowDisagreed);
    registry.remove(shadowDropped);
  }

  // A request's count is recorded before its error and drain() reads errors first, so that a
  // request's error never lands in a sample before its count.
  void record(Outcome outcome, long nanos) {
    timers.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    if (outcome == Outcome.REFUSED) {
      return;
    }
    requests.increment();
    if (outcome == Outcome.ERROR) {
      errors.increment();
    }
    latency[LatencyHistogram.bucketOf(nanos)].increment();
  }

  void compared(boolean same) {
    compared.increment();
    if (same) {
      agreed.increment();
    }
    (same ? shadowAgreed : shadowDisagreed).increment();
  }

  void shadowDropped() {
    shadowDropped.increment();
  }

  /**
   * Takes what was recorded since the last drain. Reads in the reverse order of recording (so
   * errors and latencies never outnumber requests); synchronized only against another drain, which
   * would otherwise subtract the same counts twice.
   */
  synchronized VersionSample drain() {
    long agreedNow = take(agreed);
    long comparedNow = take(compared);
    long errorsNow = take(errors);
    long requestsNow = take(requests);
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < latency.length; i++) {
      long count = take(latency[i]);
      if (count > 0) {
        histogram.add(i, count);
      }
    }
    return new VersionSample(requestsNow, errorsNow, histogram, comparedNow, agreedNow);
  }

  // Not sumThenReset(): subtracting what was read keeps an increment made meanwhile for next time.
  private static long take(LongAdder adder) {
    long value = adder.sum();
    adder.add(-value);
    return value;
  }
}

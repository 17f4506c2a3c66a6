package io.sluice.gateway.routing;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's per-version measurements: lock-free counters that requests record into and the
 * rollout control plane drains ({@link VersionMeasurements}), and the same outcomes as Micrometer
 * meters ({@code sluice.gateway.requests} and {@code sluice.gateway.shadow}, see {@link
 * VersionCounter}).
 */
@ApplicationScoped
public class VersionCounters implements VersionMeasurements {

  /** How a request ended for the version that scored it. */
  public enum Outcome {
    /** Answered. */
    OK,
    /** Failed on the server's side: the model or the runtime. */
    ERROR,
    /** Refused as the client sent it (a 4xx); not the version's fault, not counted for it. */
    REFUSED;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record Key(String model, int version) {}

  private final ConcurrentHashMap<Key, VersionCounter> counters = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  public VersionCounters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records one request a version scored, and how long it took from its start to its answer. */
  public void record(String model, int version, Outcome outcome, long nanos) {
    counter(model, version).record(outcome, nanos);
  }

  /** Records a mirrored request whose answer was compared with the stable version's. */
  public void recordComparison(String model, int version, boolean agreed) {
    counter(model, version).compared(agreed);
  }

  /** Records a mirrored request dropped because the shadow executor was full. */
  public void recordShadowDropped(String model, int version) {
    counter(model, version).shadowDropped();
  }

  @Override
  public VersionSample drain(String model, int version) {
    VersionCounter counter = counters.get(new Key(model, version));
    return counter == null ? VersionSample.empty() : counter.drain();
  }

  private VersionCounter counter(String model, int version) {
    return counters.computeIfAbsent(
        new Key(model, version), key -> new VersionCounter(registry, model, version));
  }
}

package io.sluice.gateway.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.sluice.gateway.inference.ModelRouter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's per-version measurements: lock-free counters that requests record into and the
 * rollout control plane drains ({@link VersionMeasurements}), and the same outcomes as Micrometer
 * meters ({@code sluice.gateway.requests} and {@code sluice.gateway.shadow}, see {@link
 * VersionCounter}).
 */
@Singleton
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

  /**
   * Forgets a version that no longer serves here: its counters and its meters, about 400 small
   * objects a version. What it recorded since the last drain is dropped with them; only rollouts
   * read it, and a version leaves the routes only when its rollout ended. A request that still
   * records afterwards starts fresh counters, removed when the version closes again.
   */
  public void retire(String model, int version) {
    VersionCounter counter = counters.remove(new Key(model, version));
    if (counter != null) {
      counter.removeMeters(registry);
    }
  }

  /** The versions that have counters now. */
  int size() {
    return counters.size();
  }

  void followRouter(@Observes StartupEvent event, ModelRouter router) {
    router.whenVersionClosed(closed -> retire(closed.name(), closed.version()));
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

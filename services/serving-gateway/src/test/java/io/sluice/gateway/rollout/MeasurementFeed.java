package io.sluice.gateway.rollout;

import io.sluice.eventing.Transactor;
import io.sluice.gateway.routing.VersionSample;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes measurements of model versions into {@code rollout_measurements} every 200 ms, as a
 * replica under steady traffic does: what the driver reads, with numbers a test chooses.
 */
public final class MeasurementFeed implements AutoCloseable {

  private final Transactor transactor;
  private final MeasurementStore store;
  private final Map<String, VersionSample> samples = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  public MeasurementFeed(Transactor transactor, MeasurementStore store) {
    this.transactor = transactor;
    this.store = store;
    timer.scheduleAtFixedRate(this::write, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** From now on, every 200 ms the version reports {@code sample}. */
  public void measure(String model, int version, VersionSample sample) {
    samples.put(model + "\u0000" + version, sample);
  }

  private void write() {
    try {
      transactor.run(
          c -> {
            for (Map.Entry<String, VersionSample> entry : samples.entrySet()) {
              String[] key = entry.getKey().split("\u0000");
              store.insert(c, "test-replica", key[0], Integer.parseInt(key[1]), entry.getValue());
            }
          });
    } catch (RuntimeException e) {
      // The next write tries again; a lost row only makes a window slower to fill.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

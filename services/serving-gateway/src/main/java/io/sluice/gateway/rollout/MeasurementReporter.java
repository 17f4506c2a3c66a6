package io.sluice.gateway.rollout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.WakeablePoller;
import io.sluice.gateway.config.RolloutConfig;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.routing.RolloutRouting;
import io.sluice.gateway.routing.TrafficSplit;
import io.sluice.gateway.routing.VersionMeasurements;
import io.sluice.gateway.routing.VersionSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Every replica, about once a second: drains what it measured of both versions of each model in
 * rollout and writes it as one row per version, so that the driver, wherever it runs, adds up all
 * replicas' requests of a window. A failed write loses that second of measurements (the window then
 * needs longer to reach {@code minRequests}), never a request.
 */
@ApplicationScoped
public class MeasurementReporter {

  private static final Logger LOG = Logger.getLogger(MeasurementReporter.class);

  private final Transactor transactor;
  private final MeasurementStore store;
  private final ModelRouter router;
  private final RolloutRouting routing;
  private final VersionMeasurements measurements;
  private final RolloutConfig config;
  private final String replica = replicaId();
  private volatile WakeablePoller poller;

  public MeasurementReporter(
      Transactor transactor,
      MeasurementStore store,
      ModelRouter router,
      RolloutRouting routing,
      VersionMeasurements measurements,
      RolloutConfig config) {
    this.transactor = transactor;
    this.store = store;
    this.router = router;
    this.routing = routing;
    this.measurements = measurements;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    poller =
        WakeablePoller.start(
            "gateway-rollout-measurements", config.measurementInterval(), this::report);
  }

  void stop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.close();
    }
  }

  /** Drains and writes this replica's measurements of every version in rollout. */
  void report() {
    record Row(String model, int version, VersionSample sample) {}
    List<Row> rows = new ArrayList<>();
    for (ModelVersion serving : router.serving()) {
      Optional<TrafficSplit> split = routing.split(serving.name());
      if (split.isEmpty()) {
        continue;
      }
      List<Integer> versions = new ArrayList<>(List.of(split.get().candidateVersion()));
      if (split.get().stableVersion() > 0) {
        versions.add(split.get().stableVersion());
      }
      for (int version : versions) {
        VersionSample sample = measurements.drain(serving.name(), version);
        if (sample.requests() > 0 || sample.compared() > 0) {
          rows.add(new Row(serving.name(), version, sample));
        }
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    try {
      transactor.run(
          c -> {
            for (Row row : rows) {
              store.insert(c, replica, row.model(), row.version(), row.sample());
            }
          });
    } catch (RuntimeException e) {
      LOG.warnf("could not write %d measurements, they are lost: %s", rows.size(), e.getMessage());
    }
  }

  private static String replicaId() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("gateway");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

package io.sluice.ingest.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.ingest.config.IngestConfig;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetRegistry;
import io.sluice.storage.BucketNotifications;
import io.sluice.storage.StorageClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * When {@code sluice.ingest.bucket-notifications.enabled}: wires the bucket of every registered
 * dataset at start-up and the bucket of each newly registered one, and tries failed buckets again
 * every retry interval, so fixing MinIO's target makes ingest ready without a restart. Start-up
 * does not wait for the store: the first pass runs on the timer thread, and the readiness check
 * stays DOWN until it is done.
 */
@ApplicationScoped
public class BucketNotificationWatcher {

  private static final Logger LOG = Logger.getLogger(BucketNotificationWatcher.class);

  /** What the readiness check reports. */
  public record Report(boolean enabled, boolean checked, Map<String, WiringStatus> buckets) {}

  private final IngestConfig.BucketNotifications config;
  private final DatasetRegistry registry;
  private final BucketWiring wiring;
  private volatile boolean checked;
  private ScheduledExecutorService timer;

  public BucketNotificationWatcher(
      StorageClient storage, DatasetRegistry registry, IngestConfig config) {
    this.config = config.bucketNotifications();
    this.registry = registry;
    this.wiring =
        new BucketWiring(
            new BucketNotifications(storage), this.config.targetArn(), config.notificationsTopic());
  }

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ingest-bucket-wiring"));
    long millis = config.retryInterval().toMillis();
    timer.scheduleWithFixedDelay(this::wireRegisteredBuckets, 0, millis, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Wires a newly registered dataset's bucket before its first drop (no-op when disabled). */
  public void watch(String bucket) {
    if (config.enabled()) {
      wiring.ensure(bucket);
    }
  }

  public Report report() {
    return new Report(config.enabled(), checked, wiring.statuses());
  }

  /** One pass over the registered datasets' buckets; already wired ones cost nothing. */
  void wireRegisteredBuckets() {
    try {
      TreeSet<String> buckets = new TreeSet<>();
      for (DatasetDefinition dataset : registry.all()) {
        buckets.add(dataset.bucket());
      }
      buckets.forEach(wiring::ensure);
      checked = true;
    } catch (RuntimeException e) {
      LOG.warnf(e, "bucket notification wiring could not run; tried again later");
    }
  }
}

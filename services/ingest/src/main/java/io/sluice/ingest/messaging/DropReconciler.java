package io.sluice.ingest.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.events.Completion;
import io.sluice.ingest.config.IngestConfig;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetStore;
import io.sluice.ingest.drop.CompletionQueue;
import io.sluice.ingest.drop.DropFolders;
import io.sluice.ingest.drop.DropFolders.DropKey;
import io.sluice.ingest.store.ObjectStore;
import io.sluice.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Finds complete drops whose notification never came: MinIO publishes notifications asynchronously,
 * so a restart or a full queue on its side can lose one. Every interval it lists each dataset's
 * prefix (no transaction open) and asks for every complete drop that was never completed, nor waits
 * for completion, to be read. Asking is one idempotent insert, so replicas that reconcile at the
 * same time, and notifications that arrive at the same time, still yield one read and one {@code
 * data.arrived}.
 */
@ApplicationScoped
public class DropReconciler {

  static final String FOUND_METRIC = "sluice.ingest.reconcile.drops";
  static final String FAILED_METRIC = "sluice.ingest.reconcile.failures";
  private static final Logger LOG = Logger.getLogger(DropReconciler.class);

  /** Objects listed per dataset and pass; a larger prefix is reconciled only in part (logged). */
  static final int MAX_OBJECTS_PER_DATASET = 100_000;

  private final Transactor transactor;
  private final DatasetStore datasets;
  private final ObjectStore store;
  private final CompletionQueue completions;
  private final CompletionWorker worker;
  private final IngestConfig config;
  private final MeterRegistry meters;
  private ScheduledExecutorService timer;

  /** What a listing showed of one drop folder. */
  private record Seen(Instant marker, Instant newest) {}

  public DropReconciler(
      Transactor transactor,
      DatasetStore datasets,
      ObjectStore store,
      CompletionQueue completions,
      CompletionWorker worker,
      IngestConfig config,
      MeterRegistry meters) {
    this.transactor = transactor;
    this.datasets = datasets;
    this.store = store;
    this.completions = completions;
    this.worker = worker;
    this.config = config;
    this.meters = meters;
  }

  void start(@Observes StartupEvent event) {
    long millis = config.reconcile().interval().toMillis();
    if (millis <= 0) {
      LOG.info("reconciliation of missed notifications is off (sluice.ingest.reconcile.interval)");
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "ingest-reconcile"));
    timer.scheduleWithFixedDelay(this::reconcileQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      meters.counter(FAILED_METRIC).increment();
      LOG.warnf(e, "reconciling drops failed; the next pass tries again");
    }
  }

  /** One pass over every dataset; returns how many missed drops it asked to be read. */
  public int reconcile() {
    Instant now = Instant.now();
    int found = 0;
    for (DatasetDefinition dataset : transactor.inTransaction(datasets::all)) {
      found += reconcile(dataset, now);
    }
    if (found > 0) {
      worker.wake();
    }
    return found;
  }

  private int reconcile(DatasetDefinition dataset, Instant now) {
    List<StoredObject> listed =
        store.list(dataset.bucket(), dataset.prefix(), MAX_OBJECTS_PER_DATASET + 1);
    if (listed.size() > MAX_OBJECTS_PER_DATASET) {
      LOG.warnf(
          "dataset=%s: more than %d objects under %s; only the first are reconciled",
          dataset.name(), MAX_OBJECTS_PER_DATASET, dataset.prefix());
    }
    int found = 0;
    for (Map.Entry<String, Seen> drop : folders(dataset, listed).entrySet()) {
      Optional<Completion> complete = completion(dataset, drop.getValue(), now);
      if (complete.isPresent() && ask(dataset, drop.getKey(), complete.get(), drop.getValue())) {
        found++;
      }
    }
    return found;
  }

  private static Map<String, Seen> folders(DatasetDefinition dataset, List<StoredObject> listed) {
    Map<String, Seen> folders = new TreeMap<>();
    for (StoredObject object : listed) {
      Optional<DropKey> key = DropFolders.locate(dataset.prefix(), object.key());
      if (key.isEmpty() || object.lastModified() == null) {
        continue;
      }
      Instant at = object.lastModified();
      folders.merge(
          key.get().folder(),
          new Seen(key.get().isMarker() ? at : null, at),
          (a, b) -> new Seen(a.marker() != null ? a.marker() : b.marker(), later(a, b)));
    }
    return folders;
  }

  private static Instant later(Seen a, Seen b) {
    return a.newest().isAfter(b.newest()) ? a.newest() : b.newest();
  }

  /** How the drop is complete, if it is, and old enough that its notification is overdue. */
  private Optional<Completion> completion(DatasetDefinition dataset, Seen seen, Instant now) {
    Duration grace = config.reconcile().grace();
    if (seen.marker() != null) {
      return seen.marker().isAfter(now.minus(grace))
          ? Optional.empty()
          : Optional.of(Completion.SUCCESS_MARKER);
    }
    if (dataset.quietSeconds() == null) {
      return Optional.empty();
    }
    Duration quiet = Duration.ofSeconds(dataset.quietSeconds());
    Duration wait = quiet.compareTo(grace) > 0 ? quiet : grace;
    return seen.newest().isAfter(now.minus(wait))
        ? Optional.empty()
        : Optional.of(Completion.QUIET_PERIOD);
  }

  private boolean ask(DatasetDefinition dataset, String folder, Completion completion, Seen seen) {
    Instant writtenAt = seen.marker() != null ? seen.marker() : seen.newest();
    boolean asked =
        transactor.inTransaction(
            c ->
                completions.requestIfNeverCompleted(
                    c, dataset.name(), folder, completion, writtenAt));
    if (asked) {
      meters.counter(FOUND_METRIC, "dataset", dataset.name()).increment();
      LOG.warnf(
          "dataset=%s drop=%s: complete (%s) but never notified; reading it now",
          dataset.name(), DropFolders.printable(folder), completion);
    }
    return asked;
  }
}

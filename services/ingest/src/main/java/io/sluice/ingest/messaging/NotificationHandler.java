package io.sluice.ingest.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.eventing.EventContext;
import io.sluice.eventing.IncomingRecord;
import io.sluice.eventing.RawRecordHandler;
import io.sluice.eventing.UnusableEventException;
import io.sluice.events.Completion;
import io.sluice.events.minio.MinioEvent;
import io.sluice.events.minio.MinioNotification;
import io.sluice.events.minio.MinioNotificationParser;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetStore;
import io.sluice.ingest.drop.CompletionQueue;
import io.sluice.ingest.drop.CompletionRules;
import io.sluice.ingest.drop.DropFolders;
import io.sluice.ingest.drop.DropFolders.DropKey;
import io.sluice.ingest.drop.PendingDrops;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies one MinIO notification. A notification only wakes ingest, in a short transaction: a
 * {@code _SUCCESS} marker asks for its drop to be read (the {@link CompletionWorker} lists and
 * reads it afterwards, outside this transaction and this consumer's poll loop, so lost or reordered
 * notifications do not matter); a data object of a QUIET_PERIOD dataset restarts that drop's quiet
 * period; anything outside a registered dataset's drops is counted and ignored. A message without
 * records is dead-lettered: MinIO never sends one, so it is a sign of a broken producer.
 */
@ApplicationScoped
public class NotificationHandler implements RawRecordHandler {

  static final String IGNORED_METRIC = "sluice.ingest.objects.ignored";
  private static final Logger LOG = Logger.getLogger(NotificationHandler.class);

  private final DatasetStore datasets;
  private final CompletionQueue completions;
  private final CompletionWorker worker;
  private final PendingDrops pending;
  private final MeterRegistry meters;

  public NotificationHandler(
      DatasetStore datasets,
      CompletionQueue completions,
      CompletionWorker worker,
      PendingDrops pending,
      MeterRegistry meters) {
    this.datasets = datasets;
    this.completions = completions;
    this.worker = worker;
    this.pending = pending;
    this.meters = meters;
  }

  @Override
  public void handle(IncomingRecord record, EventContext context) throws Exception {
    MinioNotification notification = MinioNotificationParser.parse(record.value());
    if (notification instanceof MinioNotification.Malformed malformed) {
      throw new UnusableEventException("not a MinIO notification: " + malformed.reason());
    }
    List<MinioEvent> events = ((MinioNotification.Events) notification).events();
    if (events.isEmpty()) {
      throw new UnusableEventException("the notification's Records array is empty");
    }
    for (MinioEvent event : events) {
      if (event instanceof MinioEvent.ObjectCreated created) {
        onCreated(context, created);
      } else {
        ignored("not_a_write");
      }
    }
  }

  private void onCreated(EventContext context, MinioEvent.ObjectCreated created)
      throws SQLException {
    Connection connection = context.connection();
    Optional<DatasetDefinition> dataset = datasetOf(connection, created);
    if (dataset.isPresent() && unsafe(created.key())) {
      return;
    }
    Optional<DropKey> drop = dataset.flatMap(d -> DropFolders.locate(d.prefix(), created.key()));
    if (drop.isEmpty()) {
      ignored(dataset.isEmpty() ? "no_dataset" : "not_in_a_drop");
      return;
    }
    DatasetDefinition definition = dataset.get();
    DropKey key = drop.get();
    switch (CompletionRules.onObject(definition, key)) {
      case COMPLETE_NOW -> {
        // Objects written while the drop is read restart a quiet period of their own.
        pending.remove(connection, definition.name(), key.folder());
        completions.request(connection, definition.name(), key.folder(), Completion.SUCCESS_MARKER);
        context.afterCommit(worker::wake);
      }
      case RESTART_QUIET_PERIOD -> pending.touch(connection, definition.name(), key.folder());
      case WAIT -> {
        // Completion comes with the marker or the quiet period.
      }
    }
  }

  /** A key in a dataset that no drop may hold: said in the log, since someone wrote it there. */
  private boolean unsafe(String key) {
    Optional<String> why = DropFolders.whyUnsafe(key);
    why.ifPresent(
        reason -> {
          ignored("unsafe_key");
          LOG.warnf(
              "ignoring object '%s': %s; no drop can hold it", DropFolders.printable(key), reason);
        });
    return why.isPresent();
  }

  private Optional<DatasetDefinition> datasetOf(
      Connection connection, MinioEvent.ObjectCreated created) throws SQLException {
    return datasets.inBucket(connection, created.bucket()).stream()
        .filter(d -> created.key().startsWith(d.prefix()))
        .findFirst();
  }

  private void ignored(String why) {
    meters.counter(IGNORED_METRIC, "reason", why).increment();
  }
}

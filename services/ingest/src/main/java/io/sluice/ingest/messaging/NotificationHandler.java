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
import io.sluice.ingest.drop.CompletionRules;
import io.sluice.ingest.drop.DropCompleter;
import io.sluice.ingest.drop.DropFolders;
import io.sluice.ingest.drop.DropFolders.DropKey;
import io.sluice.ingest.drop.PendingDrops;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Applies one MinIO notification. A notification only wakes ingest: a {@code _SUCCESS} marker
 * completes its drop at once (which lists the folder, so lost or reordered notifications do not
 * matter); a data object of a QUIET_PERIOD dataset restarts that drop's quiet period; anything
 * outside a registered dataset's drops is counted and ignored.
 */
@ApplicationScoped
public class NotificationHandler implements RawRecordHandler {

  static final String IGNORED_METRIC = "sluice.ingest.objects.ignored";

  private final DatasetStore datasets;
  private final DropCompleter completer;
  private final PendingDrops pending;
  private final MeterRegistry meters;

  public NotificationHandler(
      DatasetStore datasets, DropCompleter completer, PendingDrops pending, MeterRegistry meters) {
    this.datasets = datasets;
    this.completer = completer;
    this.pending = pending;
    this.meters = meters;
  }

  @Override
  public void handle(IncomingRecord record, EventContext context) throws Exception {
    MinioNotification notification = MinioNotificationParser.parse(record.value());
    if (notification instanceof MinioNotification.Malformed malformed) {
      throw new UnusableEventException("not a MinIO notification: " + malformed.reason());
    }
    for (MinioEvent event : ((MinioNotification.Events) notification).events()) {
      if (event instanceof MinioEvent.ObjectCreated created) {
        onCreated(context.connection(), created);
      } else {
        ignored("not_a_write");
      }
    }
  }

  private void onCreated(Connection connection, MinioEvent.ObjectCreated created)
      throws SQLException {
    Optional<DatasetDefinition> dataset = datasetOf(connection, created);
    Optional<DropKey> drop = dataset.flatMap(d -> DropFolders.locate(d.prefix(), created.key()));
    if (drop.isEmpty()) {
      ignored(dataset.isEmpty() ? "no_dataset" : "not_in_a_drop");
      return;
    }
    DatasetDefinition definition = dataset.get();
    DropKey key = drop.get();
    switch (CompletionRules.onObject(definition, key)) {
      case COMPLETE_NOW ->
          completer.complete(connection, definition, key.folder(), Completion.SUCCESS_MARKER);
      case RESTART_QUIET_PERIOD -> pending.touch(connection, definition.name(), key.folder());
      case WAIT -> {
        // Completion comes with the marker or the quiet period.
      }
    }
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

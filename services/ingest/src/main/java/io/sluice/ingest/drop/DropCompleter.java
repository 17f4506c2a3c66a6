package io.sluice.ingest.drop;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.OutboxMessage;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.DataRejected;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ObjectRef;
import io.sluice.events.RejectionReason;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.drop.VersionStore.DropRecord;
import io.sluice.ingest.drop.VersionStore.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records what a read drop became, in the caller's (short) transaction: a new dataset version with
 * {@code data.arrived}, a duplicate of a known version (recorded, no event), or {@code
 * data.rejected}. Reading the drop happens before, outside any transaction. The event goes through
 * the outbox, so it is sent if and only if the outcome commits; and a version is inserted at most
 * once, so however often a drop is read (redelivered notifications, a reconciliation pass, two
 * replicas) it yields one {@code data.arrived}.
 */
@ApplicationScoped
public class DropCompleter {

  static final String SERVICE = "ingest";

  /** How many of a rejected drop's objects {@code data.rejected} lists: enough to act on. */
  static final int LISTED_REJECTED_OBJECTS = 100;

  private static final Logger LOG = Logger.getLogger(DropCompleter.class);

  private final VersionStore versions;
  private final Outbox outbox;

  public DropCompleter(VersionStore versions, Outbox outbox) {
    this.versions = versions;
    this.outbox = outbox;
  }

  public Outcome record(
      Connection connection,
      DatasetDefinition dataset,
      String dropFolder,
      Completion completion,
      DropResult result)
      throws SQLException {
    if (result instanceof DropResult.Valid valid) {
      return accept(connection, dataset, dropFolder, completion, valid);
    }
    return reject(connection, dataset, dropFolder, (DropResult.Invalid) result);
  }

  private Outcome accept(
      Connection connection,
      DatasetDefinition dataset,
      String dropFolder,
      Completion completion,
      DropResult.Valid valid)
      throws SQLException {
    String versionId = DataArrived.versionOf(dropFolder, valid.objects());
    DataArrived arrived =
        new DataArrived(
            dataset.name(),
            versionId,
            dataset.bucket(),
            dataset.prefix(),
            dropFolder,
            completion,
            valid.objects(),
            valid.rowCount(),
            valid.columns(),
            dataset.labelColumn());
    OutboxMessage event =
        OutboxMessage.of(EventEnvelope.first(SERVICE, dataset.name(), versionId, arrived));
    if (!outbox.fits(event)) {
      return reject(connection, dataset, dropFolder, tooManyToList(valid));
    }
    boolean isNew = versions.insertIfNew(connection, arrived);
    Outcome outcome = isNew ? Outcome.NEW_VERSION : Outcome.DUPLICATE;
    versions.recordDrop(
        connection,
        dataset.name(),
        new DropRecord(dropFolder, outcome, versionId, null, null, null));
    if (isNew) {
      outbox.append(connection, event);
      LOG.infof(
          "dataset=%s version=%s drop=%s: new version", dataset.name(), versionId, dropFolder);
    } else {
      LOG.infof(
          "dataset=%s version=%s drop=%s: duplicate of a known version, no data.arrived",
          dataset.name(), versionId, dropFolder);
    }
    return outcome;
  }

  /** A drop whose object list would make a {@code data.arrived} larger than Kafka takes. */
  private DropResult.Invalid tooManyToList(DropResult.Valid valid) {
    return new DropResult.Invalid(
        RejectionReason.TOO_MANY_OBJECTS,
        "the drop's "
            + valid.objects().size()
            + " objects are too many to list in one data.arrived (over the "
            + outbox.maxRecordBytes()
            + "-byte event limit); split it into folders of fewer, larger files",
        valid.objects());
  }

  private Outcome reject(
      Connection connection, DatasetDefinition dataset, String dropFolder, DropResult.Invalid bad)
      throws SQLException {
    List<ObjectRef> objects = bad.objects();
    DataRejected rejected =
        new DataRejected(
            dataset.name(),
            dataset.bucket(),
            dropFolder,
            bad.reason(),
            bad.message(),
            objects.subList(0, Math.min(objects.size(), LISTED_REJECTED_OBJECTS)));
    versions.recordDrop(
        connection,
        dataset.name(),
        new DropRecord(
            dropFolder, Outcome.REJECTED, null, bad.reason().name(), bad.message(), null));
    outbox.append(connection, EventEnvelope.first(SERVICE, dataset.name(), null, rejected));
    LOG.warnf(
        "dataset=%s drop=%s rejected (%s): %s",
        dataset.name(), dropFolder, bad.reason(), bad.message());
    return Outcome.REJECTED;
  }
}

package io.sluice.eventing;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a handler may touch while it applies one event: the transaction's connection and the outbox.
 * Everything written here commits together with the record that the event was applied.
 */
public final class EventContext {

  private static final Logger LOG = Logger.getLogger(EventContext.class);

  private final Connection connection;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final List<Runnable> afterRollback = new ArrayList<>();
  private final Outbox outbox;
  private final String serviceName;
  private final EventEnvelope<?> cause;

  EventContext(Connection connection, Outbox outbox, String serviceName, EventEnvelope<?> cause) {
    this.connection = connection;
    this.outbox = outbox;
    this.serviceName = serviceName;
    this.cause = cause;
  }

  public Connection connection() {
    return connection;
  }

  /** The event being applied; empty for raw (non-CloudEvents) input such as MinIO notices. */
  public Optional<EventEnvelope<?>> cause() {
    return Optional.ofNullable(cause);
  }

  /** Queues an event in the outbox; it is published only if this transaction commits. */
  public void emit(EventEnvelope<?> event) throws SQLException {
    outbox.append(connection, event);
  }

  /** Emits an event caused by the one being applied, keeping its correlation and trace. */
  public <T extends EventData> EventEnvelope<T> emitCausedBy(String subject, T data)
      throws SQLException {
    if (cause == null) {
      throw new IllegalStateException("raw input has no causing event; use emit(...)");
    }
    EventEnvelope<T> event = EventEnvelope.causedBy(cause, serviceName, subject, data);
    emit(event);
    return event;
  }

  public String serviceName() {
    return serviceName;
  }

  /**
   * Runs {@code action} once this transaction has committed, e.g. to switch in-memory state that
   * must never run ahead of what the database records. Not run if the transaction rolls back.
   */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /** Runs {@code action} if this transaction rolls back, e.g. to release what it prepared. */
  public void afterRollback(Runnable action) {
    afterRollback.add(action);
  }

  void committed() {
    runAll(afterCommit, "after-commit");
  }

  void rolledBack() {
    runAll(afterRollback, "after-rollback");
  }

  private static void runAll(List<Runnable> actions, String phase) {
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        // The transaction's outcome is settled; a failing hook must not make it look otherwise.
        LOG.errorf(e, "%s action failed", phase);
      }
    }
  }
}

package io.sluice.eventing;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import java.sql.Connection;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies consecutive events of one partition in one database transaction. One commit for many
 * records is what lets a consumer drain a burst; when there are several, each event gets its own
 * savepoint, so a handler that declares its event unusable sets aside that event alone and the
 * events before it still commit. The batch ends at such an event: the caller dead-letters it.
 */
final class EventBatch {

  /** What became of an event the transaction settled. */
  enum Outcome {
    APPLIED,
    DUPLICATE,
    IGNORED
  }

  /** An event of the batch and what became of it. */
  record Settled(IncomingRecord record, EventEnvelope<?> event, Outcome outcome) {}

  /** A decoded record waiting to be applied. */
  record Pending(IncomingRecord record, EventEnvelope<?> event) {}

  private final Subscription subscription;
  private final String serviceName;
  private final Outbox outbox;
  private final List<Settled> settled = new ArrayList<>();
  private final List<EventContext> committing = new ArrayList<>();
  private final List<EventContext> setAside = new ArrayList<>();
  private Pending refused;
  private String refusal;

  private EventBatch(Subscription subscription, String serviceName, Outbox outbox) {
    this.subscription = subscription;
    this.serviceName = serviceName;
    this.outbox = outbox;
  }

  /**
   * Applies {@code events} in order in one transaction and runs the after-commit hooks. Throws
   * {@link TransactionFailedException} when the transaction did not commit: nothing was settled.
   */
  static EventBatch apply(
      Transactor transactor,
      Subscription subscription,
      String serviceName,
      Outbox outbox,
      List<Pending> events) {
    EventBatch batch = new EventBatch(subscription, serviceName, outbox);
    try {
      transactor.run(connection -> batch.applyAll(connection, events));
    } catch (RuntimeException e) {
      batch.committing.forEach(EventContext::rolledBack);
      batch.setAside.forEach(EventContext::rolledBack);
      throw e;
    }
    batch.setAside.forEach(EventContext::rolledBack);
    batch.committing.forEach(EventContext::committed);
    return batch;
  }

  List<Settled> settled() {
    return settled;
  }

  /** The event a handler declared unusable, which ended the batch; the caller dead-letters it. */
  Optional<Pending> refused() {
    return Optional.ofNullable(refused);
  }

  String refusal() {
    return refusal;
  }

  private void applyAll(Connection connection, List<Pending> events) throws Exception {
    boolean several = events.size() > 1;
    for (Pending pending : events) {
      LogContext.put(pending.event());
      Optional<EventHandler<EventData>> handler = subscription.handlerFor(pending.event().type());
      if (handler.isEmpty()) {
        settled.add(new Settled(pending.record(), pending.event(), Outcome.IGNORED));
      } else if (several) {
        if (!applyInSavepoint(connection, pending, handler.get())) {
          return;
        }
      } else {
        // Alone in its transaction: an unusable event rolls the whole transaction back instead.
        applyOne(connection, pending, handler.get());
      }
    }
  }

  private boolean applyInSavepoint(
      Connection connection, Pending pending, EventHandler<EventData> handler) throws Exception {
    Savepoint savepoint = connection.setSavepoint();
    int contextsBefore = committing.size();
    try {
      applyOne(connection, pending, handler);
      connection.releaseSavepoint(savepoint);
      return true;
    } catch (UnusableEventException e) {
      connection.rollback(savepoint);
      List<EventContext> undone = committing.subList(contextsBefore, committing.size());
      setAside.addAll(undone);
      undone.clear();
      refused = pending;
      refusal = e.getMessage();
      return false;
    }
  }

  private void applyOne(Connection connection, Pending pending, EventHandler<EventData> handler)
      throws Exception {
    EventEnvelope<?> event = pending.event();
    if (!AppliedEvents.markApplied(connection, subscription.name(), event.id())) {
      settled.add(new Settled(pending.record(), event, Outcome.DUPLICATE));
      return;
    }
    EventContext context = new EventContext(connection, outbox, serviceName, event);
    committing.add(context);
    handle(handler, event, context);
    settled.add(new Settled(pending.record(), event, Outcome.APPLIED));
  }

  @SuppressWarnings("unchecked")
  private static void handle(
      EventHandler<EventData> handler, EventEnvelope<?> event, EventContext context)
      throws Exception {
    handler.handle((EventEnvelope<EventData>) event, context);
  }
}

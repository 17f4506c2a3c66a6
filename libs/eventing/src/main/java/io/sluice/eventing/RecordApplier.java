package io.sluice.eventing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Decides what happens to one record: apply it once in a transaction, ignore it (a type this
 * consumer does not handle, or a redelivery), or dead-letter it (it can never be used). A transient
 * failure propagates, so the consumer retries the same record later.
 */
final class RecordApplier {

  private static final Logger LOG = Logger.getLogger(RecordApplier.class);

  private final Subscription subscription;
  private final String serviceName;
  private final Transactor transactor;
  private final Outbox outbox;
  private final DeadLetters deadLetters;
  private final Counter applied;
  private final Counter duplicates;
  private final Counter ignored;
  private final Counter deadLettered;

  RecordApplier(
      Subscription subscription,
      String serviceName,
      Transactor transactor,
      Outbox outbox,
      DeadLetters deadLetters,
      MeterRegistry meters) {
    this.subscription = subscription;
    this.serviceName = serviceName;
    this.transactor = transactor;
    this.outbox = outbox;
    this.deadLetters = deadLetters;
    String consumer = subscription.name();
    this.applied = meters.counter("sluice.events.applied", "consumer", consumer);
    this.duplicates = meters.counter("sluice.events.duplicates", "consumer", consumer);
    this.ignored = meters.counter("sluice.events.ignored", "consumer", consumer);
    this.deadLettered = meters.counter("sluice.events.dead_lettered", "consumer", consumer);
  }

  /** Applies, ignores or dead-letters the record; throws only for transient failures. */
  void apply(IncomingRecord record) throws Exception {
    try {
      if (subscription.isRaw()) {
        applyRaw(record);
      } else {
        applyEvent(record);
      }
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof UnusableEventException unusable) {
        deadLetter(record, unusable.getMessage());
      } else {
        throw e;
      }
    } finally {
      MDC.clear();
    }
  }

  private void applyEvent(IncomingRecord record) throws Exception {
    Decoded decoded = EventCodec.decode(record.headers(), record.value());
    if (decoded instanceof Decoded.Unusable unusable) {
      deadLetter(record, unusable.reason());
      return;
    }
    EventEnvelope<?> event = ((Decoded.Event) decoded).envelope();
    MDC.put("event", event.id());
    MDC.put("subject", event.subject());
    Optional<EventHandler<EventData>> handler = subscription.handlerFor(event.type());
    if (handler.isEmpty()) {
      ignored.increment();
      return;
    }
    boolean first = applyOnce(event.id(), event, context -> handle(handler.get(), event, context));
    if (subscription.mode() == Subscription.Mode.BROADCAST) {
      subscription.everyReplica().accept(event);
    }
    LOG.debugf(
        "%s %s %s", first ? "applied" : "skipped duplicate", event.type().typeName(), event.id());
  }

  @SuppressWarnings("unchecked")
  private static void handle(
      EventHandler<EventData> handler, EventEnvelope<?> event, EventContext context)
      throws Exception {
    handler.handle((EventEnvelope<EventData>) event, context);
  }

  private void applyRaw(IncomingRecord record) {
    MDC.put("record", record.position());
    applyOnce(
        record.position(), null, context -> subscription.rawHandler().handle(record, context));
  }

  private boolean applyOnce(String dedupeId, EventEnvelope<?> cause, ContextWork work) {
    List<EventContext> contexts = new ArrayList<>(1);
    boolean first;
    try {
      first =
          transactor.inTransaction(
              connection -> {
                if (!AppliedEvents.markApplied(connection, subscription.name(), dedupeId)) {
                  return false;
                }
                EventContext context = new EventContext(connection, outbox, serviceName, cause);
                contexts.add(context);
                work.run(context);
                return true;
              });
    } catch (RuntimeException e) {
      contexts.forEach(EventContext::rolledBack);
      throw e;
    }
    contexts.forEach(EventContext::committed);
    (first ? applied : duplicates).increment();
    return first;
  }

  private void deadLetter(IncomingRecord record, String reason) throws Exception {
    LOG.warnf("dead-lettering %s to %s: %s", record.position(), deadLetters.topic(), reason);
    deadLetters.send(record, reason);
    deadLettered.increment();
  }

  @FunctionalInterface
  private interface ContextWork {
    void run(EventContext context) throws Exception;
  }
}

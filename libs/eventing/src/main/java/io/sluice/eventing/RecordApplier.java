package io.sluice.eventing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /**
   * Settles the leading records of {@code records} (one partition, in offset order) that can share
   * one transaction: applies, ignores or dead-letters them, and returns how many it settled (at
   * least one). Throws only for a transient failure, and then none of them was settled.
   */
  int applyLeading(List<IncomingRecord> records) throws Exception {
    try {
      if (subscription.isRaw()) {
        applyRaw(records.get(0));
        return 1;
      }
      List<EventBatch.Pending> events = decodeLeading(records);
      return events.isEmpty() ? 1 : applyBatch(events);
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof UnusableEventException unusable) {
        deadLetter(records.get(0), unusable.getMessage());
        return 1;
      }
      throw e;
    } finally {
      MDC.clear();
    }
  }

  /**
   * The usable records up to the first unusable one, which ends the batch; an unusable first record
   * is dead-lettered here (and the result is empty).
   */
  private List<EventBatch.Pending> decodeLeading(List<IncomingRecord> records) throws Exception {
    List<EventBatch.Pending> events = new ArrayList<>(records.size());
    for (IncomingRecord record : records) {
      Decoded decoded = EventCodec.decode(record.headers(), record.value());
      if (decoded instanceof Decoded.Unusable unusable) {
        if (events.isEmpty()) {
          deadLetter(record, unusable.reason());
        }
        break;
      }
      events.add(new EventBatch.Pending(record, ((Decoded.Event) decoded).envelope()));
    }
    return events;
  }

  private int applyBatch(List<EventBatch.Pending> events) throws Exception {
    EventBatch batch = EventBatch.apply(transactor, subscription, serviceName, outbox, events);
    for (EventBatch.Settled settled : batch.settled()) {
      count(settled);
      if (settled.outcome() != EventBatch.Outcome.IGNORED
          && subscription.mode() == Subscription.Mode.BROADCAST) {
        subscription.everyReplica().accept(settled.event());
      }
    }
    Optional<EventBatch.Pending> refused = batch.refused();
    if (refused.isPresent()) {
      deadLetter(refused.get().record(), batch.refusal());
      return batch.settled().size() + 1;
    }
    return batch.settled().size();
  }

  private void count(EventBatch.Settled settled) {
    switch (settled.outcome()) {
      case APPLIED -> applied.increment();
      case DUPLICATE -> duplicates.increment();
      case IGNORED -> ignored.increment();
    }
    LOG.debugf(
        "%s %s %s",
        settled.outcome().name().toLowerCase(Locale.ROOT),
        settled.event().type().typeName(),
        settled.event().id());
  }

  private void applyRaw(IncomingRecord record) {
    MDC.put("record", record.position());
    String dedupeId = DeadLetters.dedupeIdOf(record);
    List<EventContext> contexts = new ArrayList<>(1);
    boolean first;
    try {
      first =
          transactor.inTransaction(
              connection -> {
                if (!AppliedEvents.markApplied(connection, subscription.name(), dedupeId)) {
                  return false;
                }
                EventContext context = new EventContext(connection, outbox, serviceName, null);
                contexts.add(context);
                subscription.rawHandler().handle(record, context);
                return true;
              });
    } catch (RuntimeException e) {
      contexts.forEach(EventContext::rolledBack);
      throw e;
    }
    contexts.forEach(EventContext::committed);
    (first ? applied : duplicates).increment();
  }

  /**
   * Dead-letters a record that kept failing while the database was reachable: the operators' way
   * out of a partition stuck on one record (it can be replayed once the cause is fixed).
   */
  void giveUp(IncomingRecord record, String reason) throws Exception {
    deadLetter(record, reason);
  }

  /** Whether the database answers now; a failure while it does not is an outage, not a poison. */
  boolean databaseReachable() {
    try {
      return transactor.inTransaction(connection -> connection.isValid(2));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void deadLetter(IncomingRecord record, String reason) throws Exception {
    LOG.warnf("dead-lettering %s to %s: %s", record.position(), deadLetters.topic(), reason);
    deadLetters.send(record, reason);
    deadLettered.increment();
  }
}

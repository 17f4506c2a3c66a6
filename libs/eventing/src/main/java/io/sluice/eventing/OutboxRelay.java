package io.sluice.eventing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.eventing.OutboxPublisher.SendOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes committed outbox rows to Kafka and deletes them once acknowledged.
 *
 * <p>One replica of a service is the leader (it holds a Postgres advisory lock) and publishes rows
 * in id order through an idempotent producer, so events with the same key stay in order even when
 * several replicas write the outbox. The leader sleeps in {@code LISTEN} and is woken by the
 * notification {@link Outbox#append} raises, which Postgres delivers at commit. A crash after a
 * send and before the delete republishes that row: delivery is at least once and consumers
 * deduplicate on the event id.
 *
 * <p>When Kafka cannot take a batch (broker down, leader moving), nothing of it is deleted and the
 * batch is sent again, in order, until it goes through. When Kafka refuses one row for good (too
 * large, no such topic), that row alone is moved to {@code sluice_outbox_parked} with the error, so
 * it cannot block the rows behind it.
 */
public final class OutboxRelay implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final RelaySettings settings;
  private final OutboxPublisher publisher;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean leader = new AtomicBoolean();
  private final Counter published;
  private final Counter parked;
  private final OutboxStats stats;
  private final Object followerWait = new Object();
  private volatile Thread thread;
  private volatile Runnable afterSend = () -> {};
  private Instant nextPrune = Instant.EPOCH;

  public OutboxRelay(RelaySettings settings, OutboxPublisher publisher, MeterRegistry meters) {
    this.settings = settings;
    this.publisher = publisher;
    this.published = meters.counter("sluice.outbox.published");
    this.parked = meters.counter("sluice.outbox.parked");
    this.stats = new OutboxStats(meters);
    meters.gauge("sluice.outbox.leader", leader, l -> l.get() ? 1 : 0);
  }

  /**
   * Runs {@code hook} between Kafka's acknowledgement and the delete: a test's window to kill the
   * process exactly there.
   */
  void afterSendBeforeDelete(Runnable hook) {
    this.afterSend = hook;
  }

  public void start() {
    if (running.compareAndSet(false, true)) {
      thread = new Thread(this::runUntilClosed, "sluice-outbox-relay");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** False when the relay should run but its thread has died: the process must be restarted. */
  public boolean isAlive() {
    Thread t = thread;
    return !running.get() || (t != null && t.isAlive());
  }

  /** Whether this replica currently holds the leader lock and publishes. */
  public boolean isLeader() {
    return leader.get();
  }

  private void runUntilClosed() {
    while (running.get()) {
      try (Connection connection = connect()) {
        if (tryBecomeLeader(connection)) {
          leader.set(true);
          LOG.info("outbox relay is the leader; publishing");
          leadUntilClosed(connection);
        } else {
          waitQuietly(settings.leaderRetryInterval().toMillis());
        }
      } catch (Exception e) {
        if (running.get()) {
          LOG.warnf("outbox relay lost its connection, retrying: %s", e.getMessage());
          waitQuietly(settings.leaderRetryInterval().toMillis());
        }
      } finally {
        leader.set(false);
        stats.forget();
      }
    }
  }

  private Connection connect() throws SQLException {
    return AdvisoryLock.connect(
        settings.jdbcUrl(), settings.username(), settings.password(), settings.schema());
  }

  private boolean tryBecomeLeader(Connection connection) throws SQLException {
    return AdvisoryLock.tryAcquire(connection, settings.leaderLockKey());
  }

  private void leadUntilClosed(Connection connection) throws Exception {
    try (Statement listen = connection.createStatement()) {
      listen.execute("LISTEN " + Outbox.CHANNEL);
    }
    PGConnection notifications = connection.unwrap(PGConnection.class);
    while (running.get()) {
      int sent = publishBatch(connection);
      pruneWhenDue(connection);
      stats.refreshWhenDue(connection);
      if (sent < settings.batchSize()) {
        // Blocks until a commit notifies (normally within a millisecond) or the safety net ends.
        notifications.getNotifications((int) settings.safetyNetInterval().toMillis());
      }
    }
  }

  private int publishBatch(Connection connection) throws Exception {
    OutboxBatch batch = OutboxBatch.read(connection, settings.batchSize());
    if (batch.isEmpty()) {
      return 0;
    }
    List<SendOutcome> outcomes = publisher.publish(batch.messages());
    afterSend.run();
    Map<Integer, String> refused = new TreeMap<>();
    for (int i = 0; i < outcomes.size(); i++) {
      SendOutcome outcome = outcomes.get(i);
      if (!outcome.sent() && !outcome.permanent()) {
        // Nothing is deleted: the batch goes again, in order, once Kafka takes it.
        LOG.warnf(
            "Kafka did not take outbox row %d (%s), sending the batch again: %s",
            batch.id(i), batch.messages().get(i).topic(), outcome.failure().toString());
        return 0;
      }
      if (outcome.permanent()) {
        refused.put(i, outcome.failure().toString());
      }
    }
    batch.parkAndDelete(connection, refused);
    refused.forEach((i, error) -> logParked(batch, i, error));
    parked.increment(refused.size());
    published.increment(batch.size() - refused.size());
    return batch.size();
  }

  private static void logParked(OutboxBatch batch, int index, String error) {
    OutboxMessage message = batch.messages().get(index);
    LOG.errorf(
        "Kafka refused outbox row %d for good (%s %s to %s), parked it in sluice_outbox_parked: %s",
        batch.id(index), message.eventType(), message.eventId(), message.topic(), error);
  }

  private void pruneWhenDue(Connection connection) throws SQLException {
    Instant now = Instant.now();
    if (now.isAfter(nextPrune)) {
      int pruned = AppliedEvents.prune(connection, settings.appliedEventRetention());
      if (pruned > 0) {
        LOG.debugf("pruned %d applied event ids", pruned);
      }
      nextPrune = now.plusSeconds(3600);
    }
  }

  private void waitQuietly(long millis) {
    synchronized (followerWait) {
      try {
        followerWait.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    synchronized (followerWait) {
      followerWait.notifyAll();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(settings.safetyNetInterval().toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    publisher.close();
  }
}

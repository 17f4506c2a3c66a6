package io.sluice.eventing;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads a subscription's topics on its own thread and hands each record to a {@link RecordApplier},
 * committing offsets only after records were applied. A partition whose record failed is rewound to
 * that record and paused for a growing backoff while the other partitions go on; it then retries
 * that record alone. A database outage is only ever retried; a record that keeps failing while the
 * database answers is dead-lettered after {@link ConsumerSettings#deadLetterAfterAttempts()} tries.
 * When the poll loop itself fails (the client throws), it starts again with a new client after a
 * backoff, and gives up after {@link ConsumerSettings#maxRestarts()} failures in a row: its thread
 * ends and {@link #isAlive()} says so, for the liveness probe to restart the process.
 */
public final class EventConsumer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventConsumer.class);

  private final Subscription subscription;
  private final Supplier<Consumer<byte[], byte[]>> clients;
  private final RecordApplier applier;
  private final ConsumerSettings settings;
  private final ConsumerHealth health;
  private final Map<TopicPartition, PartitionBackoff> backoffs;
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Object restartWait = new Object();
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile boolean polling;
  private volatile boolean assigned;
  private volatile Thread thread;

  EventConsumer(
      Subscription subscription,
      Supplier<Consumer<byte[], byte[]>> clients,
      RecordApplier applier,
      ConsumerSettings settings,
      MeterRegistry meters) {
    this.subscription = subscription;
    this.clients = clients;
    this.applier = applier;
    this.settings = settings;
    this.health = new ConsumerHealth(subscription.name(), meters);
    this.backoffs = health.backoffs();
  }

  public void start() {
    if (running.compareAndSet(false, true)) {
      thread = new Thread(this::runUntilClosed, "sluice-consumer-" + subscription.name());
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** True once the consumer polls: it has joined its group and reads. */
  public boolean isPolling() {
    return polling;
  }

  /** True while the consumer owns at least one partition with a resolved read position. */
  public boolean hasAssignment() {
    return assigned;
  }

  /** False when the consumer should run but its thread has ended (it gave up restarting). */
  public boolean isAlive() {
    Thread t = thread;
    return !running.get() || (t != null && t.isAlive());
  }

  public String name() {
    return subscription.name();
  }

  private void runUntilClosed() {
    int failuresInARow = 0;
    while (running.get()) {
      try {
        pollUntilClosed();
      } catch (WakeupException e) {
        continue; // close() woke us up; the loop ends on running == false.
      } catch (RuntimeException e) {
        // A client that polled before it failed starts a new count: the failures are not in a row.
        failuresInARow = polling ? 1 : failuresInARow + 1;
        LOG.errorf(e, "consumer %s failed (%d in a row)", subscription.name(), failuresInARow);
      } finally {
        closeClient();
      }
      if (failuresInARow >= settings.maxRestarts()) {
        LOG.errorf(
            "consumer %s gave up after %d failures in a row; liveness is down",
            subscription.name(), failuresInARow);
        return;
      }
      if (running.get() && failuresInARow > 0) {
        waitBeforeRestart(failuresInARow);
        health.restarted();
      }
    }
  }

  /** Polls with a new client until closed; throws when the client fails. */
  private void pollUntilClosed() {
    Consumer<byte[], byte[]> client = clients.get();
    consumer = client;
    if (!running.get()) {
      return;
    }
    client.subscribe(subscription.topics(), new CommitOnRevoke());
    while (running.get()) {
      resumeDuePartitions();
      ConsumerRecords<byte[], byte[]> records = client.poll(nextPollTimeout());
      polling = true;
      applyAll(records);
      commitAsync();
      health.lag(lag(client));
    }
  }

  private void closeClient() {
    polling = false;
    assigned = false;
    Consumer<byte[], byte[]> client = consumer;
    if (client == null) {
      return;
    }
    commitSyncQuietly();
    backoffs.clear();
    toCommit.clear();
    try {
      client.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.debugf("closing consumer %s: %s", subscription.name(), e.getMessage());
    }
  }

  private void waitBeforeRestart(int failuresInARow) {
    long millis =
        Math.min(
            settings.maxBackoff().toMillis(),
            settings.initialBackoff().toMillis() << Math.min(failuresInARow - 1, 20));
    synchronized (restartWait) {
      try {
        restartWait.wait(Math.max(1, millis));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void applyAll(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      List<IncomingRecord> queued =
          records.records(partition).stream().map(IncomingRecord::of).toList();
      int next = 0;
      while (next < queued.size()) {
        // A partition retrying a failure takes one record at a time, so the failing one is known.
        int batch = backoffs.containsKey(partition) ? 1 : settings.maxRecordsPerTransaction();
        int end = Math.min(queued.size(), next + batch);
        int settled = applyOrPause(partition, queued.subList(next, end));
        if (settled == 0) {
          break;
        }
        next += settled;
      }
    }
  }

  /** Returns how many of the records were settled; 0 when the partition now waits to retry. */
  private int applyOrPause(TopicPartition partition, List<IncomingRecord> records) {
    IncomingRecord first = records.get(0);
    try {
      int settled = applier.applyLeading(records);
      settle(partition, records.get(settled - 1));
      return settled;
    } catch (Exception e) {
      PartitionBackoff backoff =
          backoffs.computeIfAbsent(
              partition,
              p -> new PartitionBackoff(settings.initialBackoff(), settings.maxBackoff()));
      Duration wait = backoff.fail(first.offset());
      if (records.size() == 1 && isPoison(e, backoff) && giveUp(first, backoff, e)) {
        settle(partition, first);
        return 1;
      }
      LOG.warnf(
          "failure on %s@%d (try %d), retrying in %d ms: %s",
          partition, first.offset(), backoff.attempts(), wait.toMillis(), rootMessage(e));
      consumer.seek(partition, first.offset());
      consumer.pause(List.of(partition));
      return 0;
    }
  }

  private void settle(TopicPartition partition, IncomingRecord last) {
    toCommit.put(partition, new OffsetAndMetadata(last.offset() + 1));
    backoffs.remove(partition);
  }

  /**
   * Whether this failure counts towards giving the record up: not the database's (its outages are
   * waited out however long they last), and the database answers now.
   */
  private boolean isPoison(Exception e, PartitionBackoff backoff) {
    if (settings.deadLetterAfterAttempts() <= 0 || isDatabaseFailure(e)) {
      return false;
    }
    if (!applier.databaseReachable()) {
      return false;
    }
    return backoff.countPoisonAttempt() >= settings.deadLetterAfterAttempts();
  }

  private boolean giveUp(IncomingRecord record, PartitionBackoff backoff, Exception e) {
    String reason =
        "failed "
            + backoff.poisonAttempts()
            + " times while the database was reachable, last: "
            + rootMessage(e);
    try {
      applier.giveUp(record, reason);
      return true;
    } catch (Exception sendFailure) {
      LOG.warnf("could not dead-letter %s: %s", record.position(), sendFailure.getMessage());
      return false;
    }
  }

  /** SQL states of class 08 (connection), 53 (resources) and 57P (shutdown) mean an outage. */
  static boolean isDatabaseFailure(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  private void resumeDuePartitions() {
    Instant now = Instant.now();
    for (Map.Entry<TopicPartition, PartitionBackoff> entry : backoffs.entrySet()) {
      if (entry.getValue().isDue(now) && consumer.paused().contains(entry.getKey())) {
        consumer.resume(List.of(entry.getKey()));
      }
    }
  }

  private Duration nextPollTimeout() {
    Instant now = Instant.now();
    Duration timeout = settings.pollTimeout();
    for (TopicPartition paused : consumer.paused()) {
      PartitionBackoff backoff = backoffs.get(paused);
      if (backoff == null) {
        continue;
      }
      Duration untilDue = backoff.untilDue(now);
      if (untilDue.compareTo(timeout) < 0) {
        timeout = untilDue;
      }
    }
    return timeout;
  }

  private static long lag(Consumer<byte[], byte[]> client) {
    long total = 0;
    for (TopicPartition partition : client.assignment()) {
      OptionalLong behind = client.currentLag(partition);
      total += behind.orElse(0);
    }
    return total;
  }

  private void commitAsync() {
    if (!toCommit.isEmpty()) {
      consumer.commitAsync(new HashMap<>(toCommit), null);
      toCommit.clear();
    }
  }

  private void commitSyncQuietly() {
    try {
      if (!toCommit.isEmpty()) {
        consumer.commitSync(new HashMap<>(toCommit), Duration.ofSeconds(5));
        toCommit.clear();
      }
    } catch (RuntimeException e) {
      // Uncommitted offsets are redelivered and deduplicated.
      LOG.debugf("final offset commit failed: %s", e.getMessage());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  @Override
  public void close() {
    if (running.compareAndSet(true, false)) {
      Consumer<byte[], byte[]> client = consumer;
      if (client != null) {
        client.wakeup();
      }
      synchronized (restartWait) {
        restartWait.notifyAll();
      }
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private final class CommitOnRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitSyncQuietly();
      health.forget(partitions);
      assigned = !consumer.assignment().isEmpty();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      // Resolve positions now, so a broadcast consumer starting at "latest" reads everything
      // published after it was assigned.
      partitions.forEach(consumer::position);
      assigned = !consumer.assignment().isEmpty();
    }
  }
}

package io.sluice.eventing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads a subscription's topics on its own thread and hands each record to a {@link RecordApplier},
 * committing offsets only after records were applied. A partition whose record failed transiently
 * is rewound to that record and paused for a growing backoff while the other partitions go on;
 * nothing is dead-lettered for being transient.
 */
public final class EventConsumer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventConsumer.class);

  private final Subscription subscription;
  private final Consumer<byte[], byte[]> consumer;
  private final RecordApplier applier;
  private final ConsumerSettings settings;
  private final Map<TopicPartition, PartitionBackoff> backoffs = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean polling;
  private volatile boolean assigned;
  private Thread thread;

  EventConsumer(
      Subscription subscription,
      Consumer<byte[], byte[]> consumer,
      RecordApplier applier,
      ConsumerSettings settings) {
    this.subscription = subscription;
    this.consumer = consumer;
    this.applier = applier;
    this.settings = settings;
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

  public String name() {
    return subscription.name();
  }

  private void runUntilClosed() {
    try {
      consumer.subscribe(subscription.topics(), new CommitOnRevoke());
      while (running.get()) {
        resumeDuePartitions();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(nextPollTimeout());
        polling = true;
        applyAll(records);
        commitAsync();
      }
    } catch (WakeupException e) {
      // close() woke us up.
    } catch (RuntimeException e) {
      LOG.errorf(e, "consumer %s stopped", subscription.name());
    } finally {
      polling = false;
      commitSyncQuietly();
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void applyAll(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      List<IncomingRecord> queued =
          records.records(partition).stream().map(IncomingRecord::of).toList();
      int next = 0;
      while (next < queued.size()) {
        int end = Math.min(queued.size(), next + settings.maxRecordsPerTransaction());
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
      toCommit.put(partition, new OffsetAndMetadata(records.get(settled - 1).offset() + 1));
      backoffs.remove(partition);
      return settled;
    } catch (Exception e) {
      PartitionBackoff backoff =
          backoffs.computeIfAbsent(
              partition,
              p -> new PartitionBackoff(settings.initialBackoff(), settings.maxBackoff()));
      Duration wait = backoff.fail();
      LOG.warnf(
          "transient failure on %s@%d, retrying in %d ms: %s",
          partition, first.offset(), wait.toMillis(), rootMessage(e));
      consumer.seek(partition, first.offset());
      consumer.pause(List.of(partition));
      return 0;
    }
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
      consumer.wakeup();
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
      partitions.forEach(backoffs::remove);
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

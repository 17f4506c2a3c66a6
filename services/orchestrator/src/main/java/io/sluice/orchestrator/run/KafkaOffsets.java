package io.sluice.orchestrator.run;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/** A topic's end offsets and a consumer group's committed offsets on it, from the admin client. */
final class KafkaOffsets implements ReadWatermark.Offsets {

  private final Admin admin;
  private final String topic;
  private final String group;
  private final Duration timeout;

  KafkaOffsets(Admin admin, String topic, String group, Duration timeout) {
    this.admin = admin;
    this.topic = topic;
    this.group = group;
    this.timeout = timeout;
  }

  /** The last stable offsets: what a read_committed consumer (as Sluice's are) can reach. */
  @Override
  public Map<Integer, Long> ends() {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartitionInfo partition :
        get(admin.describeTopics(java.util.List.of(topic)).allTopicNames())
            .get(topic)
            .partitions()) {
      latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new HashMap<>();
    get(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
        .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
    return ends;
  }

  @Override
  public Map<Integer, Long> committed() {
    Map<Integer, Long> committed = new HashMap<>();
    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
        .forEach(
            (partition, offset) -> {
              if (partition.topic().equals(topic) && offset != null) {
                committed.put(partition.partition(), offset.offset());
              }
            });
    return committed;
  }

  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking Kafka for offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read offsets of " + topic + ": " + e.getMessage(), e);
    }
  }
}

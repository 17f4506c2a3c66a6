package io.sluice.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic from its beginning, without a consumer group, and waits for records. */
public final class TopicReader implements AutoCloseable {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Waits for the first record (from the topic's beginning) with this key. */
  public ConsumerRecord<String, String> awaitKey(String key) {
    return awaitMatch(record -> key.equals(record.key()));
  }

  /** Waits for the first record (from the topic's beginning) that matches. */
  public ConsumerRecord<String, String> awaitMatch(
      Predicate<ConsumerRecord<String, String>> match) {
    return await()
        .atMost(PATIENCE)
        .until(() -> pollAndFind(match), Optional::isPresent)
        .orElseThrow();
  }

  /** Every record read so far; after a record was awaited, all records before it are here. */
  public List<ConsumerRecord<String, String>> seen() {
    return List.copyOf(seen);
  }

  private Optional<ConsumerRecord<String, String>> pollAndFind(
      Predicate<ConsumerRecord<String, String>> match) {
    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    return seen.stream().filter(match).findFirst();
  }

  @Override
  public void close() {
    consumer.close();
  }
}

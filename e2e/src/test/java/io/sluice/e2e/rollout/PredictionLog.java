package io.sluice.e2e.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.CloudEventHeaders;
import io.sluice.events.Json;
import io.sluice.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code sluice.predictions} read from the beginning to its current end by a plain consumer (no
 * group): what the gateway logged so far.
 */
final class PredictionLog {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private PredictionLog() {}

  /**
   * The data of every record about {@code model} up to the topic's end as it is now.
   *
   * @throws IllegalStateException when the end is not reached within {@link #READ_TIMEOUT}
   */
  static List<JsonNode> records(String bootstrapServers, String model) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.PREDICTIONS).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<JsonNode> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("did not reach the end of " + Topics.PREDICTIONS);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (model.equals(header(record, CloudEventHeaders.SUBJECT))) {
            records.add(parse(record.value()));
          }
        }
      }
      return records;
    }
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.CLIENT_ID_CONFIG,
            "sluice-e2e-predictions-" + UUID.randomUUID(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static JsonNode parse(byte[] value) {
    try {
      return Json.mapper().readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException("a record of " + Topics.PREDICTIONS + " is not JSON", e);
    }
  }
}

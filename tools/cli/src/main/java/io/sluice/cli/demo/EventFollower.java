package io.sluice.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.CloudEventHeaders;
import io.sluice.events.Json;
import io.sluice.events.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Tails the platform's topics from "now" and prints, one line each, the events of one causal chain:
 * it latches onto the first data event for the drop folder it waits for and follows that event's
 * correlation id until the chain reaches an outcome.
 */
public final class EventFollower implements AutoCloseable {

  private static final List<String> TOPICS = List.of(Topics.DATA, Topics.RUNS, Topics.MODELS);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final PrintStream out;

  public EventFollower(String bootstrapServers, PrintStream out) {
    this.out = out;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "sluice-demo-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        TOPICS.stream()
            .flatMap(topic -> consumer.partitionsFor(topic).stream())
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  /**
   * Prints the chain started by the drop into {@code dropFolder} until it ends or time runs out.
   *
   * @return how the chain ended, or empty on timeout
   */
  public Optional<Outcome> follow(String dropFolder, long startNanos, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String correlation = null;
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        Event event = Event.of(record);
        if (correlation == null && event.startsChainFor(dropFolder)) {
          correlation = event.correlationId();
        }
        if (correlation != null && correlation.equals(event.correlationId())) {
          double elapsed = (System.nanoTime() - startNanos) / 1e9;
          out.println(EventLine.format(elapsed, event.type(), event.subject(), event.data()));
          Optional<Outcome> outcome = Outcome.of(event.type(), event.data());
          if (outcome.isPresent()) {
            return outcome;
          }
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    consumer.close();
  }

  /** The parts of a record the demo looks at. */
  record Event(String type, String subject, String correlationId, JsonNode data) {

    static Event of(ConsumerRecord<byte[], byte[]> record) {
      JsonNode data;
      try {
        data = Json.mapper().readTree(record.value());
      } catch (IOException | RuntimeException e) {
        data = Json.mapper().createObjectNode();
      }
      return new Event(
          header(record, CloudEventHeaders.TYPE),
          header(record, CloudEventHeaders.SUBJECT),
          header(record, CloudEventHeaders.CORRELATION_ID),
          data == null ? Json.mapper().createObjectNode() : data);
    }

    boolean startsChainFor(String dropFolder) {
      String shortType = EventLine.shortType(type);
      return (shortType.equals("data.arrived") || shortType.equals("data.rejected"))
          && dropFolder.equals(data.path("dropFolder").asText());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
      Header header = record.headers().lastHeader(name);
      return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
  }

  /** Where a chain ended. */
  public record Outcome(String type, boolean served, JsonNode data) {

    static Optional<Outcome> of(String ceType, JsonNode data) {
      String type = EventLine.shortType(ceType);
      return switch (type) {
        case "model.promoted" -> Optional.of(new Outcome(type, true, data));
        case "model.evaluated" ->
            "REJECTED".equals(data.path("verdict").asText())
                ? Optional.of(new Outcome(type, false, data))
                : Optional.empty();
        case "data.rejected", "run.failed", "run.cancelled" ->
            Optional.of(new Outcome(type, false, data));
        default -> Optional.empty();
      };
    }
  }
}

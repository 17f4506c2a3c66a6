package io.sluice.orchestrator;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ObjectRef;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfra;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The test's side of Kafka: produces events as other services would, and records every event on the
 * runs and models topics (with the time it was seen) on a background thread.
 */
final class EventBus implements AutoCloseable {

  /** One event seen on a topic. */
  record Seen(EventEnvelope<?> event, long seenAtNanos) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KafkaProducer<byte[], byte[]> producer;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  EventBus() {
    String bootstrap = SluiceInfra.get().kafka().bootstrapServers();
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + randomSha256().substring(0, 12));
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.RUNS, Topics.MODELS));
    reader = new Thread(() -> read(consumer), "test-event-bus");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(KafkaConsumer<byte[], byte[]> consumer) {
    try (consumer) {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          Map<String, String> headers = new HashMap<>();
          for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
          }
          if (EventCodec.decode(headers, record.value()) instanceof Decoded.Event event) {
            seen.add(new Seen(event.envelope(), System.nanoTime()));
          }
        }
      }
    }
  }

  /** Sends an event and waits for Kafka to take it. */
  void send(EventEnvelope<?> event) throws Exception {
    send(
        event.topic(), event.key(), EventCodec.headers(event), EventCodec.encodeData(event.data()));
  }

  void send(String topic, String key, Map<String, String> headers, byte[] value) throws Exception {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    headers.forEach(
        (name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
    producer.send(record).get(30, TimeUnit.SECONDS);
  }

  /** Events of one type in the chain of a correlation id (a dataset version), in order seen. */
  <T extends EventData> List<EventEnvelope<T>> events(String correlationId, Class<T> type) {
    return seenOf(correlationId, type).stream().map(s -> cast(s.event(), type)).toList();
  }

  <T extends EventData> List<Seen> seenOf(String correlationId, Class<T> type) {
    return seen.stream()
        .filter(s -> s.event().correlationId().equals(correlationId))
        .filter(s -> type.isInstance(s.event().data()))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static <T extends EventData> EventEnvelope<T> cast(
      EventEnvelope<?> event, Class<T> type) {
    return (EventEnvelope<T>) event;
  }

  /** A new, unique Iris-like dataset version of {@code dataset}. */
  static DataArrived dataArrived(String dataset) {
    String drop = dataset + "/2026-11-22/";
    List<ObjectRef> objects =
        List.of(new ObjectRef("datasets", drop + "iris.csv", 3_000, "etag-1", randomSha256()));
    List<ColumnSpec> columns =
        List.of(
            new ColumnSpec("sepal_length", ColumnType.NUMBER),
            new ColumnSpec("sepal_width", ColumnType.NUMBER),
            new ColumnSpec("petal_length", ColumnType.NUMBER),
            new ColumnSpec("petal_width", ColumnType.NUMBER),
            new ColumnSpec("species", ColumnType.STRING));
    return new DataArrived(
        dataset,
        DataArrived.versionOf(drop, objects),
        "datasets",
        dataset + "/",
        drop,
        Completion.SUCCESS_MARKER,
        objects,
        150,
        columns,
        "species");
  }

  static String randomSha256() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5_000);
    producer.close();
  }
}

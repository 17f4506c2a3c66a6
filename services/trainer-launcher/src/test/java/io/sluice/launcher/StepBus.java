package io.sluice.launcher;

import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
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
 * The test's side of Kafka: produces events as the orchestrator would, and records every event on
 * the runs topic and every dead letter of the launcher on a background thread.
 */
final class StepBus implements AutoCloseable {

  static final String DLQ = Topics.deadLetter("trainer-launcher");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final KafkaProducer<byte[], byte[]> producer;
  private final List<EventEnvelope<?>> seen = new CopyOnWriteArrayList<>();
  private final List<String> deadLetterKeys = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  StepBus() {
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
    consumer.subscribe(List.of(Topics.RUNS, DLQ));
    reader = new Thread(() -> read(consumer), "test-step-bus");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(KafkaConsumer<byte[], byte[]> consumer) {
    try (consumer) {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (record.topic().equals(DLQ)) {
            deadLetterKeys.add(new String(record.key(), StandardCharsets.UTF_8));
            continue;
          }
          Map<String, String> headers = new HashMap<>();
          for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
          }
          if (EventCodec.decode(headers, record.value()) instanceof Decoded.Event event) {
            seen.add(event.envelope());
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

  /** Events of one type about one run (the Kafka key), in the order seen. */
  <T extends EventData> List<EventEnvelope<T>> events(String runId, Class<T> type) {
    return seen.stream()
        .filter(e -> e.subject().equals(runId))
        .filter(e -> type.isInstance(e.data()))
        .map(e -> cast(e, type))
        .toList();
  }

  /** Keys of records the launcher dead-lettered. */
  List<String> deadLetterKeys() {
    return List.copyOf(deadLetterKeys);
  }

  @SuppressWarnings("unchecked")
  private static <T extends EventData> EventEnvelope<T> cast(
      EventEnvelope<?> event, Class<T> type) {
    return (EventEnvelope<T>) event;
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

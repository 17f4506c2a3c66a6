package io.sluice.registry;

import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
 * The test's side of Kafka: produces to the models topic as the orchestrator and gateway would, and
 * records, on a background thread, every event on it and every dead letter of the registry.
 */
final class ModelBus implements AutoCloseable {

  static final String DEAD_LETTERS = Topics.deadLetter("registry");

  /** A dead letter: its key and the error the registry gave. */
  record DeadLetter(String key, String error) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final List<EventEnvelope<?>> events = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile boolean running = true;

  ModelBus() {
    String bootstrap = SluiceInfra.get().kafka().bootstrapServers();
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.MODELS, DEAD_LETTERS));
    reader = new Thread(() -> read(consumer), "test-model-bus");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(KafkaConsumer<byte[], byte[]> consumer) {
    try (consumer) {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          record(record);
        }
      }
    }
  }

  private void record(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    if (record.topic().equals(DEAD_LETTERS)) {
      deadLetters.add(new DeadLetter(key, headers.getOrDefault("sluice_dlq_error", "")));
    } else if (EventCodec.decode(headers, record.value()) instanceof Decoded.Event event) {
      events.add(event.envelope());
    }
  }

  /** Sends an event and waits for Kafka to take it. */
  void send(EventEnvelope<?> event) throws Exception {
    send(event.key(), EventCodec.headers(event), EventCodec.encodeData(event.data()));
  }

  /** Sends raw bytes to the models topic, e.g. something no service would ever write. */
  void send(String key, Map<String, String> headers, byte[] value) throws Exception {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(Topics.MODELS, key.getBytes(StandardCharsets.UTF_8), value);
    headers.forEach(
        (name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
    producer.send(record).get(30, TimeUnit.SECONDS);
  }

  /** The events of one type about one model, in the order seen. */
  <T extends EventData> List<T> events(String modelName, Class<T> type) {
    return envelopes(modelName, type).stream().map(EventEnvelope::data).toList();
  }

  @SuppressWarnings("unchecked")
  <T extends EventData> List<EventEnvelope<T>> envelopes(String modelName, Class<T> type) {
    return events.stream()
        .filter(e -> e.subject().equals(modelName) && type.isInstance(e.data()))
        .map(e -> (EventEnvelope<T>) e)
        .toList();
  }

  List<DeadLetter> deadLetters(String key) {
    return deadLetters.stream().filter(d -> d.key().equals(key)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5_000);
    producer.close();
  }
}

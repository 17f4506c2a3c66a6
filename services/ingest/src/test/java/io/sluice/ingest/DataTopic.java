package io.sluice.ingest;

import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The test's side of Kafka: records every event on {@code sluice.data} and every dead letter of
 * ingest on a background thread, and produces raw records (hand-made MinIO notifications).
 */
final class DataTopic implements AutoCloseable {

  /** A dead letter as seen on {@code sluice.dlq.ingest}. */
  record DeadLetter(String key, Map<String, String> headers) {}

  private final List<EventEnvelope<?>> events = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final KafkaProducer<byte[], byte[]> producer;
  private final Thread reader;
  private volatile boolean running = true;

  DataTopic() {
    String bootstrap = SluiceInfra.get().kafka().bootstrapServers();
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.DATA, Topics.deadLetter("ingest")));
    Properties producerProps = new Properties();
    producerProps.put("bootstrap.servers", bootstrap);
    producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    reader = new Thread(() -> read(consumer), "ingest-test-data-topic");
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
          String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
          if (record.topic().equals(Topics.DATA)) {
            if (EventCodec.decode(headers, record.value()) instanceof Decoded.Event event) {
              events.add(event.envelope());
            }
          } else {
            deadLetters.add(new DeadLetter(key, headers));
          }
        }
      }
    }
  }

  /** Events about one dataset, in the order seen. */
  List<EventEnvelope<?>> eventsOf(String dataset) {
    return events.stream().filter(e -> e.subject().equals(dataset)).toList();
  }

  List<DeadLetter> deadLettersWithKey(String key) {
    return deadLetters.stream().filter(d -> d.key().equals(key)).toList();
  }

  /** Sends a raw record to MinIO's notification topic, as MinIO would (no headers). */
  void sendNotification(String key, byte[] value) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.MINIO_BUCKET_EVENTS, key.getBytes(StandardCharsets.UTF_8), value))
        .get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    reader.join(5_000);
    producer.close();
  }
}

package io.sluice.gateway;

import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelPromoted;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces events to and reads {@code model.promoted} from the test JVM's real Kafka. */
public final class ModelEvents implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<EventEnvelope<?>> seen = new ArrayList<>();

  public ModelEvents() {
    String servers = SluiceInfra.get().kafka().bootstrapServers();
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.MODELS).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Sends an event as a service would (binary-mode CloudEvent, keyed by subject). */
  public void send(EventEnvelope<?> event) throws Exception {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            event.topic(), bytes(event.key()), EventCodec.encodeData(event.data()));
    EventCodec.headers(event).forEach((name, value) -> record.headers().add(name, bytes(value)));
    producer.send(record).get();
  }

  public static <T extends EventData> EventEnvelope<T> first(String subject, T data) {
    return EventEnvelope.first("registry", subject, null, data);
  }

  /** Every {@code model.promoted} for the model seen so far (reads what has arrived). */
  public List<ModelPromoted> promoted(String modelName) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      if (EventCodec.decode(headers(record), record.value()) instanceof Decoded.Event event) {
        seen.add(event.envelope());
      }
    }
    return seen.stream()
        .filter(event -> event.data() instanceof ModelPromoted)
        .map(event -> (ModelPromoted) event.data())
        .filter(promoted -> promoted.modelName().equals(modelName))
        .toList();
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}

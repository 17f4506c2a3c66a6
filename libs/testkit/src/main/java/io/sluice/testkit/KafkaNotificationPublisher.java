package io.sluice.testkit;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends bucket notifications to one Kafka topic and waits for the broker's acknowledgement, like
 * MinIO with {@code MINIO_API_SYNC_EVENTS=on}: when the S3 request returns, its event is on Kafka.
 */
final class KafkaNotificationPublisher implements AutoCloseable {

  private final Producer<String, String> producer;
  private final String topic;

  /**
   * @throws IllegalStateException when the topic does not exist (brokers here do not create topics,
   *     so every event would otherwise fail later, one slow timeout at a time)
   */
  KafkaNotificationPublisher(String bootstrapServers, String topic) {
    requireTopic(bootstrapServers, topic);
    this.producer = new KafkaProducer<>(producerConfig(bootstrapServers));
    this.topic = topic;
  }

  private static void requireTopic(String bootstrapServers, String topic) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    try (Admin admin = Admin.create(config)) {
      admin.describeTopics(List.of(topic)).allTopicNames().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while looking up " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka topic " + topic + " is not available at " + bootstrapServers, e.getCause());
    }
  }

  private static Properties producerConfig(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    // Bounded, so that an unreachable broker fails an event instead of hanging the S3 request.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-testkit-s3-notifications");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return props;
  }

  /** Sends one notification and returns once the broker has it. */
  void publish(BucketNotification notification) {
    try {
      producer
          .send(new ProducerRecord<>(topic, notification.recordKey(), notification.json()))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing to " + topic, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not publish to " + topic, e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}

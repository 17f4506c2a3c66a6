package io.sluice.eventing;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka client settings every Sluice producer and consumer uses. Three layers: Sluice's tuning
 * defaults, then what the operator configured (security, timeouts, anything else), then the
 * settings the delivery guarantees depend on, which configuration may repeat but not change.
 */
public final class KafkaClientConfig {

  /**
   * The largest request a producer sends, and so the largest event: Kafka's own default, set here
   * on purpose because {@link Outbox} refuses bigger events with it and a broker's {@code
   * message.max.bytes} (about 1 MiB by default) must not be smaller. Configurable as {@code
   * kafka.max.request.size}.
   */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

  /**
   * How long the producer keeps retrying one record before failing it. The relay then retries the
   * whole batch in order (broker down) or sets the row aside (refused for good), so this bounds how
   * long one send blocks the relay, not how long an event may wait.
   */
  public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 30_000;

  private KafkaClientConfig() {}

  /** The configured {@code max.request.size}, or Sluice's default. */
  public static int maxRequestBytes(KafkaClientProperties kafka) {
    String configured = kafka.asMap().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    return configured == null ? DEFAULT_MAX_REQUEST_BYTES : Integer.parseInt(configured.trim());
  }

  /** An idempotent producer: acks from all replicas, ordered retries, no batching delay. */
  public static Map<String, Object> producer(KafkaClientProperties kafka, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEFAULT_MAX_REQUEST_BYTES);
    config.putAll(kafka.asMap());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout(config));
    Map<String, Object> fixed = new HashMap<>();
    fixed.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    fixed.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    fixed.put(ProducerConfig.ACKS_CONFIG, "all");
    fixed.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    fixed.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return withFixed(config, fixed, kafka);
  }

  /** A consumer that commits offsets itself, only after the records were applied. */
  public static Map<String, Object> consumer(
      KafkaClientProperties kafka, String groupId, String clientId, String offsetReset) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    config.putAll(kafka.asMap());
    Map<String, Object> fixed = new HashMap<>();
    fixed.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    fixed.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    fixed.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    fixed.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
    fixed.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    fixed.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    fixed.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return withFixed(config, fixed, kafka);
  }

  /**
   * Kafka refuses a delivery timeout below linger plus request timeout, so Sluice's default grows
   * with a longer configured request timeout; a configured delivery timeout is kept as given.
   */
  private static Object deliveryTimeout(Map<String, Object> config) {
    Object configured = config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
    if (configured instanceof String) {
      return configured;
    }
    long linger = Long.parseLong(config.get(ProducerConfig.LINGER_MS_CONFIG).toString());
    long request = Long.parseLong(config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG).toString());
    return (int) Math.max(DEFAULT_DELIVERY_TIMEOUT_MS, linger + request);
  }

  /** An admin client (topic set-up, readiness) with the operator's connection settings. */
  public static Map<String, Object> admin(KafkaClientProperties kafka, String clientId) {
    Map<String, Object> config = new HashMap<>(kafka.asMap());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    return config;
  }

  /** Same as {@link #producer(KafkaClientProperties, String)} with only bootstrap servers. */
  public static Map<String, Object> producer(String bootstrapServers, String clientId) {
    return producer(KafkaClientProperties.bootstrapOnly(bootstrapServers), clientId);
  }

  /** Same as {@link #consumer(KafkaClientProperties, String, String, String)}, bootstrap only. */
  public static Map<String, Object> consumer(
      String bootstrapServers, String groupId, String clientId, String offsetReset) {
    return consumer(
        KafkaClientProperties.bootstrapOnly(bootstrapServers), groupId, clientId, offsetReset);
  }

  /**
   * Adds the settings Sluice's guarantees rest on; one configured differently is refused rather
   * than silently overridden, so that an operator learns why it cannot be changed.
   */
  private static Map<String, Object> withFixed(
      Map<String, Object> config, Map<String, Object> fixed, KafkaClientProperties kafka) {
    fixed.forEach(
        (name, value) -> {
          String configured = kafka.asMap().get(name);
          if (configured != null && !configured.equalsIgnoreCase(value.toString())) {
            throw new IllegalArgumentException(
                "kafka."
                    + name
                    + " cannot be set to '"
                    + configured
                    + "': Sluice sets it to '"
                    + value
                    + "' per client because its delivery guarantees depend on it");
          }
          config.put(name, value);
        });
    return config;
  }
}

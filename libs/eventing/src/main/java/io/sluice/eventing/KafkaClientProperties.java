package io.sluice.eventing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client properties an operator configured ({@code bootstrap.servers}, security protocol,
 * SASL, truststores, timeouts, ...), handed to every producer, consumer and admin client of a
 * service. Only names some Kafka client knows are kept: a {@code KAFKA_*} variable that is not a
 * client setting (Kubernetes adds {@code KAFKA_PORT} for a Service named kafka) must not reach the
 * clients.
 */
public final class KafkaClientProperties {

  private static final Set<String> KNOWN_NAMES = knownNames();

  private final Map<String, String> properties;

  private KafkaClientProperties(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
    if (bootstrapServers() == null || bootstrapServers().isBlank()) {
      throw new IllegalArgumentException("kafka.bootstrap.servers is not configured");
    }
  }

  /** Only the bootstrap servers: what tests and local tools need. */
  public static KafkaClientProperties bootstrapOnly(String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    return new KafkaClientProperties(
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * The known client settings among {@code candidates} (names without the {@code kafka.} prefix).
   *
   * @throws IllegalArgumentException when no bootstrap servers are among them
   */
  public static KafkaClientProperties of(Map<String, String> candidates) {
    Map<String, String> known = new LinkedHashMap<>();
    candidates.forEach(
        (name, value) -> {
          if (isClientSetting(name)) {
            known.put(name, value);
          }
        });
    return new KafkaClientProperties(known);
  }

  /** Whether some Kafka producer, consumer or admin client has a setting of this name. */
  public static boolean isClientSetting(String name) {
    return KNOWN_NAMES.contains(name);
  }

  public String bootstrapServers() {
    return properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** The settings as given, e.g. {@code security.protocol → SASL_SSL}. */
  public Map<String, String> asMap() {
    return properties;
  }

  /** The names configured, for a start-up log line (values may be secrets, so never those). */
  public Set<String> names() {
    return new TreeSet<>(properties.keySet());
  }

  private static Set<String> knownNames() {
    Set<String> names = new TreeSet<>();
    names.addAll(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }

  @Override
  public String toString() {
    return "KafkaClientProperties" + names();
  }
}

package io.sluice.eventing.quarkus;

import io.sluice.eventing.KafkaClientProperties;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;

/**
 * Reads the Kafka client settings of a service the way Quarkus' own Kafka support does: every
 * {@code kafka.<name>} property, and every {@code KAFKA_<NAME>} environment variable as {@code
 * <name>} with underscores read as dots ({@code KAFKA_SASL_JAAS_CONFIG} is {@code
 * sasl.jaas.config}).
 */
public final class KafkaSettingsReader {

  private static final String PROPERTY_PREFIX = "kafka.";
  private static final String VARIABLE_PREFIX = "KAFKA_";

  private KafkaSettingsReader() {}

  public static KafkaClientProperties read(Config config) {
    Map<String, String> candidates = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      clientSettingName(name)
          .ifPresent(
              setting ->
                  config
                      .getOptionalValue(name, String.class)
                      .ifPresent(value -> candidates.put(setting, value)));
    }
    return KafkaClientProperties.of(candidates);
  }

  /** {@code kafka.security.protocol} and {@code KAFKA_SECURITY_PROTOCOL} → security.protocol. */
  static Optional<String> clientSettingName(String configName) {
    if (configName.startsWith(PROPERTY_PREFIX)) {
      return Optional.of(configName.substring(PROPERTY_PREFIX.length()));
    }
    if (configName.startsWith(VARIABLE_PREFIX)) {
      return Optional.of(
          configName
              .substring(VARIABLE_PREFIX.length())
              .toLowerCase(Locale.ROOT)
              .replace('_', '.'));
    }
    return Optional.empty();
  }
}

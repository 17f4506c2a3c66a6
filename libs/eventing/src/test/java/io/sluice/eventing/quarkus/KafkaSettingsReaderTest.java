package io.sluice.eventing.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.eventing.KafkaClientProperties;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** How {@code kafka.*} properties and {@code KAFKA_*} variables become client settings. */
class KafkaSettingsReaderTest {

  @Test
  void propertiesAndEnvironmentStyleNamesBothBecomeClientSettings() {
    KafkaClientProperties kafka =
        KafkaSettingsReader.read(
            config(
                Map.of(
                    "kafka.bootstrap.servers", "broker-0:9093",
                    "kafka.security.protocol", "SASL_SSL",
                    "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                    "KAFKA_SASL_JAAS_CONFIG", "org.example.Login required;",
                    "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/sluice/kafka-tls/ca.p12",
                    "kafka.session.timeout.ms", "10000")));

    assertThat(kafka.asMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "bootstrap.servers", "broker-0:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.example.Login required;",
                "ssl.truststore.location", "/etc/sluice/kafka-tls/ca.p12",
                "session.timeout.ms", "10000"));
  }

  @Test
  void variablesThatAreNoClientSettingAreLeftOut() {
    // What Kubernetes injects for a Service named "kafka" in the same namespace.
    KafkaClientProperties kafka =
        KafkaSettingsReader.read(
            config(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                    "KAFKA_PORT", "tcp://10.0.0.7:9092",
                    "KAFKA_SERVICE_HOST", "10.0.0.7",
                    "KAFKA_PORT_9092_TCP_ADDR", "10.0.0.7",
                    "kafka.not.a.setting", "x",
                    "quarkus.http.port", "8080")));

    assertThat(kafka.asMap()).containsExactly(Map.entry("bootstrap.servers", "kafka:9092"));
  }

  @Test
  void withoutBootstrapServersStartUpFailsNamingTheSetting() {
    assertThatThrownBy(
            () -> KafkaSettingsReader.read(config(Map.of("kafka.security.protocol", "SSL"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.bootstrap.servers");
  }

  @Test
  void namesAreMappedLikeQuarkusKafkaSupportDoes() {
    assertThat(KafkaSettingsReader.clientSettingName("KAFKA_SSL_KEYSTORE_TYPE"))
        .contains("ssl.keystore.type");
    assertThat(KafkaSettingsReader.clientSettingName("kafka.ssl.keystore.type"))
        .contains("ssl.keystore.type");
    assertThat(KafkaSettingsReader.clientSettingName("quarkus.kafka.devservices.enabled"))
        .isEmpty();
  }

  private static Config config(Map<String, String> values) {
    return new SmallRyeConfigBuilder()
        .withSources(new PropertiesConfigSource(values, "test", 500))
        .build();
  }
}

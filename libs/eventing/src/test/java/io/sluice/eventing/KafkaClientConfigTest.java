package io.sluice.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which configured Kafka settings win, and which ones configuration may not change. */
class KafkaClientConfigTest {

  private static final String BOOTSTRAP = "broker:9092";

  @Test
  void configuredSettingsReachProducersConsumersAndAdminClients() {
    KafkaClientProperties kafka =
        KafkaClientProperties.of(
            Map.of(
                "bootstrap.servers", BOOTSTRAP,
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN"));

    assertThat(KafkaClientConfig.producer(kafka, "p"))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("bootstrap.servers", BOOTSTRAP)
        .containsEntry("client.id", "p");
    assertThat(KafkaClientConfig.consumer(kafka, "g", "c", "earliest"))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("group.id", "g");
    assertThat(KafkaClientConfig.admin(kafka, "a"))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("client.id", "a");
  }

  @Test
  void configuredTuningReplacesSluiceDefaults() {
    KafkaClientProperties kafka =
        KafkaClientProperties.of(
            Map.of(
                "bootstrap.servers", BOOTSTRAP,
                "linger.ms", "5",
                "max.poll.records", "50"));

    assertThat(KafkaClientConfig.producer(kafka, "p")).containsEntry("linger.ms", "5");
    assertThat(KafkaClientConfig.producer(KafkaClientProperties.bootstrapOnly(BOOTSTRAP), "p"))
        .containsEntry("linger.ms", 0);
    assertThat(KafkaClientConfig.consumer(kafka, "g", "c", "earliest"))
        .containsEntry("max.poll.records", "50");
  }

  @Test
  void aLongerRequestTimeoutStretchesTheDeliveryTimeoutKafkaWouldOtherwiseRefuse() {
    Map<String, Object> producer =
        KafkaClientConfig.producer(with("request.timeout.ms", "45000"), "p");

    assertThat(producer).containsEntry("delivery.timeout.ms", 45_000);
    assertThat(KafkaClientConfig.producer(with("delivery.timeout.ms", "120000"), "p"))
        .containsEntry("delivery.timeout.ms", "120000");
    new org.apache.kafka.clients.producer.ProducerConfig(producer); // Kafka's own check passes
  }

  @Test
  void settingsTheGuaranteesRestOnCannotBeChanged() {
    assertThatThrownBy(
            () ->
                KafkaClientConfig.consumer(
                    with("enable.auto.commit", "true"), "g", "c", "earliest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.enable.auto.commit")
        .hasMessageContaining("'true'")
        .hasMessageContaining("'false'");
    assertThatThrownBy(() -> KafkaClientConfig.producer(with("acks", "1"), "p"))
        .hasMessageContaining("kafka.acks");
    assertThatThrownBy(() -> KafkaClientConfig.producer(with("enable.idempotence", "false"), "p"))
        .hasMessageContaining("kafka.enable.idempotence");
    assertThatThrownBy(
            () ->
                KafkaClientConfig.consumer(
                    with("isolation.level", "read_uncommitted"), "g", "c", "earliest"))
        .hasMessageContaining("kafka.isolation.level");
  }

  @Test
  void repeatingAGuaranteedSettingIsAccepted() {
    assertThat(KafkaClientConfig.producer(with("acks", "all"), "p")).containsEntry("acks", "all");
    assertThat(KafkaClientConfig.consumer(with("enable.auto.commit", "FALSE"), "g", "c", "latest"))
        .containsEntry("enable.auto.commit", "false");
  }

  private static KafkaClientProperties with(String name, String value) {
    return KafkaClientProperties.of(Map.of("bootstrap.servers", BOOTSTRAP, name, value));
  }
}

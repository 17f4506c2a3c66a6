package io.sluice.eventing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and SASL settings given in configuration reach the real Kafka clients a service builds: the
 * outbox and dead-letter producers, every consumer and the admin client. The proof is each client
 * failing to start on exactly the truststore or login module configured (the test broker has no TLS
 * or SASL listener to succeed against).
 */
class KafkaSecuritySettingsIT {

  @TempDir Path dir;
  private EventingFixture db;

  @BeforeEach
  void freshDatabase() throws Exception {
    db = EventingFixture.freshDatabase();
  }

  @Test
  void aConfiguredTruststoreIsWhatTheProducersLoad() {
    Path truststore = dir.resolve("missing-truststore-" + UUID.randomUUID() + ".p12");
    KafkaClientProperties kafka = tls(truststore);

    assertThatThrownBy(() -> eventing(kafka)).hasStackTraceContaining(truststore.toString());
  }

  @Test
  void aConfiguredTruststoreIsWhatConsumersAndAdminClientsLoad() {
    Path truststore = dir.resolve("missing-truststore-" + UUID.randomUUID() + ".p12");
    KafkaClientProperties kafka = tls(truststore);

    assertThatThrownBy(
            () ->
                new KafkaConsumer<byte[], byte[]>(
                    KafkaClientConfig.consumer(kafka, "g", "c", "earliest")))
        .hasStackTraceContaining(truststore.toString());
    assertThatThrownBy(() -> Admin.create(KafkaClientConfig.admin(kafka, "a")))
        .hasStackTraceContaining(truststore.toString());
  }

  @Test
  void aConfiguredSaslLoginModuleIsWhatTheClientsLogInWith() {
    String loginModule =
        "org.example.sluice.NoSuchLoginModule" + UUID.randomUUID().toString().substring(0, 8);
    KafkaClientProperties kafka =
        KafkaClientProperties.of(
            Map.of(
                "bootstrap.servers",
                EventingFixture.bootstrapServers(),
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                loginModule + " required username=\"u\" password=\"p\";"));

    assertThatThrownBy(() -> eventing(kafka)).hasStackTraceContaining(loginModule);
    assertThatThrownBy(() -> Admin.create(KafkaClientConfig.admin(kafka, "a")))
        .hasStackTraceContaining(loginModule);
  }

  @Test
  void theSameConstructionSucceedsWhenTheSettingsFitTheBroker() {
    KafkaClientProperties kafka =
        KafkaClientProperties.of(
            Map.of(
                "bootstrap.servers",
                EventingFixture.bootstrapServers(),
                "security.protocol",
                "PLAINTEXT"));
    // The control case: the same construction succeeds when the settings fit the broker.
    try (Eventing eventing = eventing(kafka);
        Admin admin = Admin.create(KafkaClientConfig.admin(kafka, "a"))) {
      assertThat(eventing.consumers()).isEmpty();
      assertThat(admin.listTopics().names()).succeedsWithin(Duration.ofSeconds(30));
    }
  }

  private KafkaClientProperties tls(Path truststore) {
    return KafkaClientProperties.of(
        Map.of(
            "bootstrap.servers", EventingFixture.bootstrapServers(),
            "security.protocol", "SSL",
            "ssl.truststore.type", "PKCS12",
            "ssl.truststore.location", truststore.toString(),
            "ssl.truststore.password", "changeit"));
  }

  private Eventing eventing(KafkaClientProperties kafka) {
    return db.eventing("security-test", db.dataSource, kafka);
  }
}

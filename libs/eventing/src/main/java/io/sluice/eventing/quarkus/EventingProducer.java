package io.sluice.eventing.quarkus;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.sluice.eventing.ConsumerSettings;
import io.sluice.eventing.Eventing;
import io.sluice.eventing.KafkaClientProperties;
import io.sluice.eventing.Outbox;
import io.sluice.eventing.RelaySettings;
import io.sluice.eventing.Transactor;
import io.sluice.events.UuidV7;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Makes the service's {@link Eventing} and its parts injectable. */
@ApplicationScoped
public class EventingProducer {

  private static final Logger LOG = Logger.getLogger(EventingProducer.class);

  @Produces
  @Singleton
  Eventing eventing(
      DataSource dataSource,
      EventingConfig config,
      Instance<MeterRegistry> meterRegistry,
      KafkaClientProperties kafka,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
      @ConfigProperty(name = "quarkus.datasource.username") String username,
      @ConfigProperty(name = "quarkus.datasource.password") String password,
      @ConfigProperty(name = "quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema")
          Optional<String> schema) {
    String instanceId = config.instanceId().orElseGet(EventingProducer::defaultInstanceId);
    RelaySettings relay =
        new RelaySettings(
            jdbcUrl,
            username,
            password,
            schema.orElse(null),
            RelaySettings.lockKeyFor(config.service()),
            config.relay().batchSize(),
            config.relay().safetyNetInterval(),
            config.relay().leaderRetryInterval(),
            config.dedupeRetention());
    ConsumerSettings consumers =
        new ConsumerSettings(
            kafka,
            config.service(),
            instanceId,
            config.consumer().pollTimeout(),
            config.consumer().initialBackoff(),
            config.consumer().maxBackoff(),
            config.consumer().maxRecordsPerTransaction(),
            config.consumer().deadLetterAfterAttempts(),
            config.consumer().maxRestarts());
    MeterRegistry meters =
        meterRegistry.isResolvable() ? meterRegistry.get() : Metrics.globalRegistry;
    return new Eventing(dataSource, relay, consumers, meters);
  }

  @Produces
  @Singleton
  KafkaClientProperties kafkaClientProperties(Config config) {
    KafkaClientProperties kafka = KafkaSettingsReader.read(config);
    LOG.infof("Kafka clients configured with %s", kafka.names());
    return kafka;
  }

  void close(@Disposes Eventing eventing) {
    eventing.close();
  }

  @Produces
  Transactor transactor(Eventing eventing) {
    return eventing.transactor();
  }

  @Produces
  Outbox outbox(Eventing eventing) {
    return eventing.outbox();
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "host";
    }
    String unique = UuidV7.nextString();
    return host.replaceAll("[^A-Za-z0-9-]", "-") + "-" + unique.substring(unique.length() - 8);
  }
}

package io.sluice.eventing;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service's consumers connect and back off.
 *
 * @param kafka the Kafka client settings from configuration (bootstrap servers, security, ...)
 * @param serviceName names the dead-letter topic ({@code sluice.dlq.<service>}) and event sources
 * @param instanceId distinguishes replicas; broadcast consumers use it in their group id
 * @param initialBackoff the first wait after a transient failure; it doubles up to maxBackoff
 * @param maxRecordsPerTransaction how many consecutive records of a partition may be applied in one
 *     database transaction; 1 applies each record in its own
 */
public record ConsumerSettings(
    KafkaClientProperties kafka,
    String serviceName,
    String instanceId,
    Duration pollTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxRecordsPerTransaction) {

  /** Bounds how long one transaction holds its row locks while a burst is drained. */
  public static final int DEFAULT_MAX_RECORDS_PER_TRANSACTION = 100;

  public ConsumerSettings {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(instanceId, "instanceId");
    if (maxRecordsPerTransaction < 1) {
      throw new IllegalArgumentException(
          "maxRecordsPerTransaction must be at least 1, got " + maxRecordsPerTransaction);
    }
  }

  /** Settings that connect with bootstrap servers only (tests, benchmarks, local tools). */
  public ConsumerSettings(
      String bootstrapServers,
      String serviceName,
      String instanceId,
      Duration pollTimeout,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxRecordsPerTransaction) {
    this(
        KafkaClientProperties.bootstrapOnly(bootstrapServers),
        serviceName,
        instanceId,
        pollTimeout,
        initialBackoff,
        maxBackoff,
        maxRecordsPerTransaction);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public static ConsumerSettings defaults(
      String bootstrapServers, String serviceName, String instanceId) {
    return new ConsumerSettings(
        bootstrapServers,
        serviceName,
        instanceId,
        Duration.ofMillis(500),
        Duration.ofMillis(100),
        Duration.ofSeconds(30),
        DEFAULT_MAX_RECORDS_PER_TRANSACTION);
  }
}

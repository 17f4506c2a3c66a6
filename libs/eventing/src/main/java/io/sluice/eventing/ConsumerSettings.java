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
 * @param deadLetterAfterAttempts how often one record may fail while the database is reachable
 *     before it is dead-lettered, so that it no longer holds its partition; 0 never gives up
 * @param maxRestarts how many times in a row the poll loop may fail (a new client each time) before
 *     the consumer gives up and liveness goes down
 */
public record ConsumerSettings(
    KafkaClientProperties kafka,
    String serviceName,
    String instanceId,
    Duration pollTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxRecordsPerTransaction,
    int deadLetterAfterAttempts,
    int maxRestarts) {

  /** Bounds how long one transaction holds its row locks while a burst is drained. */
  public static final int DEFAULT_MAX_RECORDS_PER_TRANSACTION = 100;

  /**
   * About six minutes of retries with the default backoff (100 ms doubling to 30 s): longer than a
   * deployment of a fixed handler takes, short enough that one bad record does not hold a partition
   * for hours.
   */
  public static final int DEFAULT_DEAD_LETTER_AFTER_ATTEMPTS = 20;

  /** About a minute of restarts with the default backoff before liveness goes down. */
  public static final int DEFAULT_MAX_RESTARTS = 10;

  public ConsumerSettings {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(instanceId, "instanceId");
    if (maxRecordsPerTransaction < 1) {
      throw new IllegalArgumentException(
          "maxRecordsPerTransaction must be at least 1, got " + maxRecordsPerTransaction);
    }
    if (deadLetterAfterAttempts < 0 || maxRestarts < 1) {
      throw new IllegalArgumentException(
          "deadLetterAfterAttempts must be at least 0 and maxRestarts at least 1");
    }
  }

  /** Settings with the default give-up and restart limits. */
  public ConsumerSettings(
      KafkaClientProperties kafka,
      String serviceName,
      String instanceId,
      Duration pollTimeout,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxRecordsPerTransaction) {
    this(
        kafka,
        serviceName,
        instanceId,
        pollTimeout,
        initialBackoff,
        maxBackoff,
        maxRecordsPerTransaction,
        DEFAULT_DEAD_LETTER_AFTER_ATTEMPTS,
        DEFAULT_MAX_RESTARTS);
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

  /** The same settings with other give-up and restart limits. */
  public ConsumerSettings withLimits(int deadLetterAfterAttempts, int maxRestarts) {
    return new ConsumerSettings(
        kafka,
        serviceName,
        instanceId,
        pollTimeout,
        initialBackoff,
        maxBackoff,
        maxRecordsPerTransaction,
        deadLetterAfterAttempts,
        maxRestarts);
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

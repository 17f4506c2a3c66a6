package io.sluice.eventing.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code sluice.eventing.*}: how a service publishes and consumes events. */
@ConfigMapping(prefix = "sluice.eventing")
public interface EventingConfig {

  /** The service's name: event source {@code /sluice/<service>} and DLQ topic suffix. */
  String service();

  /** Distinguishes replicas; defaults to the host name plus a random suffix. */
  Optional<String> instanceId();

  /** Outbox relay settings. */
  Relay relay();

  /** Consumer settings. */
  Consumer consumer();

  /** The topics the service makes sure of at start-up. */
  Topics topics();

  /** How long applied event ids are kept to recognise redeliveries. */
  @WithDefault("7d")
  Duration dedupeRetention();

  /** Outbox relay settings. */
  interface Relay {
    /** Rows published per round. */
    @WithDefault("500")
    int batchSize();

    /** How long an idle leader waits for a commit notification before looking anyway. */
    @WithDefault("1s")
    Duration safetyNetInterval();

    /** How often a follower replica tries to become the publishing leader. */
    @WithDefault("1s")
    Duration leaderRetryInterval();
  }

  /** Consumer settings. */
  interface Consumer {
    /** Longest wait of one poll when nothing arrives (a blocking wait, not a delay). */
    @WithDefault("500ms")
    Duration pollTimeout();

    /** First wait after a transient failure; doubles per failure. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Longest wait between retries of a transiently failing record. */
    @WithDefault("30s")
    Duration maxBackoff();

    /**
     * Consecutive records of a partition applied in one database transaction when they queue up
     * (one commit for many records is what lets a consumer drain a burst); 1 turns batching off.
     */
    @WithDefault("100")
    int maxRecordsPerTransaction();

    /**
     * How often one record may fail while the database answers before it is dead-lettered, so that
     * it stops holding its partition (about six minutes with the default backoff); failures while
     * the database is unreachable never count. 0 never gives a record up.
     */
    @WithDefault("20")
    int deadLetterAfterAttempts();

    /**
     * How many times in a row a consumer's poll loop may fail (it starts again with a new Kafka
     * client each time, after a backoff) before it gives up and liveness goes down.
     */
    @WithDefault("10")
    int maxRestarts();
  }

  /** The platform topics, this service's dead-letter topic and every topic it consumes. */
  interface Topics {
    /**
     * Whether missing topics are created at start-up (off where an operator creates them, e.g. when
     * the service may not create topics).
     */
    @WithDefault("true")
    boolean create();

    /** Partitions of a topic created here; existing topics are left as they are. */
    @WithDefault("1")
    int partitions();

    /** Replication factor of a topic created here (3 on a production cluster). */
    @WithDefault("1")
    int replicationFactor();

    /** How long start-up waits for a cluster that is not ready to create topics yet. */
    @WithDefault("60s")
    Duration timeout();
  }
}

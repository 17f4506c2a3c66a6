package io.sluice.eventing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What an operator sees of one consumer: partitions held back by a failing record, how often and
 * for how long the worst of them has failed, how far behind the consumer reads, and restarts of its
 * poll loop. Written by the consumer thread, read by the metrics scraper.
 */
final class ConsumerHealth {

  private final Map<TopicPartition, PartitionBackoff> backoffs = new ConcurrentHashMap<>();
  private final Counter restarts;
  private volatile long lag;

  ConsumerHealth(String consumer, MeterRegistry meters) {
    Gauge.builder("sluice.consumer.paused.partitions", backoffs, Map::size)
        .tag("consumer", consumer)
        .description("Partitions rewound to a failing record and waiting to retry it")
        .register(meters);
    Gauge.builder("sluice.consumer.stuck.attempts", this, ConsumerHealth::maxAttempts)
        .tag("consumer", consumer)
        .description("Tries of the record a partition is stuck on (the worst partition)")
        .register(meters);
    Gauge.builder("sluice.consumer.stuck.age", this, ConsumerHealth::maxStuckSeconds)
        .tag("consumer", consumer)
        .baseUnit("seconds")
        .description("How long the worst partition has been stuck on one record")
        .register(meters);
    Gauge.builder("sluice.consumer.lag", this, h -> h.lag)
        .tag("consumer", consumer)
        .description("Records published but not yet read, over the consumer's partitions")
        .register(meters);
    this.restarts =
        Counter.builder("sluice.consumer.restarts")
            .tag("consumer", consumer)
            .description("Times the poll loop failed and was started again with a new client")
            .register(meters);
  }

  Map<TopicPartition, PartitionBackoff> backoffs() {
    return backoffs;
  }

  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(backoffs::remove);
  }

  void lag(long recordsBehind) {
    lag = recordsBehind;
  }

  void restarted() {
    restarts.increment();
  }

  private double maxAttempts() {
    return backoffs.values().stream().mapToInt(PartitionBackoff::attempts).max().orElse(0);
  }

  private double maxStuckSeconds() {
    Instant now = Instant.now();
    return backoffs.values().stream().mapToLong(b -> b.stuckFor(now).toMillis()).max().orElse(0)
        / 1000.0;
  }
}

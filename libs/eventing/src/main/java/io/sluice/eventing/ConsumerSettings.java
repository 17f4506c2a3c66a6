package io.sluice.eventing;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service's consumers connect and back off.
 *
 * @param serviceName names the dead-letter topic ({@code sluice.dlq.<service>}) and event sources
 * @param instanceId distinguishes replicas; broadcast consumers use it in their group id
 * @param initialBackoff the first wait after a transient failure; it doubles up to maxBackoff
 */
public record ConsumerSettings(
    String bootstrapServers,
    String serviceName,
    String instanceId,
    Duration pollTimeout,
    Duration initialBackoff,
    Duration maxBackoff) {

  public ConsumerSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(instanceId, "instanceId");
  }

  public static ConsumerSettings defaults(
      String bootstrapServers, String serviceName, String instanceId) {
    return new ConsumerSettings(
        bootstrapServers,
        serviceName,
        instanceId,
        Duration.ofMillis(500),
        Duration.ofMillis(100),
        Duration.ofSeconds(30));
  }
}

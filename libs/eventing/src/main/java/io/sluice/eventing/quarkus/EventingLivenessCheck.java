package io.sluice.eventing.quarkus;

import io.sluice.eventing.EventConsumer;
import io.sluice.eventing.Eventing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when the outbox relay's thread or a consumer's thread has ended while it should run (a
 * consumer gives up after failing {@code sluice.eventing.consumer.max-restarts} times in a row):
 * the service would stay up but neither publish nor consume, so Kubernetes must restart it. A
 * consumer restarting, or Kafka being unreachable, keeps liveness up (readiness reports those).
 */
@Liveness
@ApplicationScoped
public class EventingLivenessCheck implements HealthCheck {

  private final Eventing eventing;

  @Inject
  public EventingLivenessCheck(Eventing eventing) {
    this.eventing = eventing;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("eventing");
    boolean alive = eventing.relay().isAlive();
    response.withData("outbox.relay", alive ? "running" : "dead");
    for (EventConsumer consumer : eventing.consumers()) {
      response.withData("consumer." + consumer.name(), consumer.isAlive() ? "running" : "dead");
      alive &= consumer.isAlive();
    }
    return response.status(alive).build();
  }
}

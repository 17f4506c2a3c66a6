package io.sluice.eventing.quarkus;

import io.sluice.eventing.EventConsumer;
import io.sluice.eventing.Eventing;
import io.sluice.eventing.KafkaClientConfig;
import io.sluice.eventing.KafkaClientProperties;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the Kafka cluster answers and every consumer of the service is polling. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

  private static final int TIMEOUT_MS = 2_000;

  @Inject Eventing eventing;

  @Inject KafkaClientProperties kafka;

  private Admin admin;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka");
    try {
      String clusterId =
          admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
              .clusterId()
              .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      response.withData("cluster", clusterId);
    } catch (Exception e) {
      return response.down().withData("error", "Kafka unreachable: " + e.getMessage()).build();
    }
    boolean allPolling = true;
    for (EventConsumer consumer : eventing.consumers()) {
      response.withData(
          "consumer." + consumer.name(), consumer.isPolling() ? "polling" : "starting");
      allPolling &= consumer.isPolling();
    }
    response.withData("outbox.leader", eventing.relay().isLeader());
    return response.status(allPolling).build();
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Map<String, Object> config =
          KafkaClientConfig.admin(kafka, eventing.serviceName() + "-readiness");
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
      admin = Admin.create(config);
    }
    return admin;
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close();
    }
  }
}

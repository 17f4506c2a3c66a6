package io.sluice.gateway.rollout;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.sluice.eventing.RelaySettings;
import io.sluice.gateway.config.LeadershipConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes the {@link RolloutLeadership} of {@code sluice.gateway.leadership.mode} injectable, starts
 * it with the application (a replica competes for the leadership from the start, not when the first
 * rollout needs it) and publishes {@code sluice.gateway.rollout.leader} (1 on the leader, 0
 * elsewhere).
 */
@ApplicationScoped
public class LeadershipProducer {

  private static final Logger LOG = Logger.getLogger(LeadershipProducer.class);

  /** Advisory locks are per database and services share one: the key names service and purpose. */
  static final long LOCK_KEY = RelaySettings.lockKeyFor("serving-gateway/rollouts");

  @Produces
  @Singleton
  @Startup
  RolloutLeadership leadership(
      LeadershipConfig config,
      MeterRegistry meters,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
      @ConfigProperty(name = "quarkus.datasource.username") String username,
      @ConfigProperty(name = "quarkus.datasource.password") String password,
      Instance<KubernetesClient> kubernetes) {
    RolloutLeadership leadership =
        switch (config.mode()) {
          case DATABASE -> database(config.database(), jdbcUrl, username, password);
          case KUBERNETES -> lease(config.kubernetes(), kubernetes.get());
        };
    meters.gauge("sluice.gateway.rollout.leader", leadership, l -> l.isLeader() ? 1 : 0);
    LOG.infof("rollout leadership: %s", config.mode().name().toLowerCase());
    return leadership;
  }

  private static DatabaseLeadership database(
      LeadershipConfig.Database config, String jdbcUrl, String username, String password) {
    DatabaseLeadership leadership =
        new DatabaseLeadership(
            new DatabaseLeadership.Settings(
                jdbcUrl,
                username,
                password,
                LOCK_KEY,
                config.retryInterval(),
                config.heartbeatInterval()));
    leadership.start();
    return leadership;
  }

  private static KubernetesLeaseLeadership lease(
      LeadershipConfig.Kubernetes config, KubernetesClient client) {
    KubernetesLeaseLeadership leadership =
        new KubernetesLeaseLeadership(
            client,
            new KubernetesLeaseLeadership.Settings(
                config.leaseName(),
                config.namespace().orElseGet(client::getNamespace),
                config.identity().orElseGet(LeadershipProducer::podName),
                config.leaseDuration(),
                config.renewDeadline(),
                config.retryPeriod()));
    leadership.start();
    return leadership;
  }

  /** A pod's host name is its name, unique among the replicas. */
  private static String podName() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "no host name: set sluice.gateway.leadership.kubernetes.identity", e);
    }
  }

  void close(@Disposes RolloutLeadership leadership) throws Exception {
    if (leadership instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}

package io.sluice.gateway.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two replicas' electors on fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesLeaseLeadershipWithMockApiServerIT {

  private static final String NAMESPACE = "sluice";
  private static final Duration BOUND = Duration.ofSeconds(20);

  static KubernetesClient client;

  @Test
  void exactlyOneOfTwoReplicasLeadsAndTheLeaseNamesIt() {
    String lease = "rollouts-" + UUID.randomUUID();
    try (KubernetesLeaseLeadership first = leadership(lease, "gateway-0");
        KubernetesLeaseLeadership second = leadership(lease, "gateway-1")) {
      first.start();
      second.start();

      await().atMost(BOUND).until(() -> first.isLeader() || second.isLeader());
      String leader = first.isLeader() ? "gateway-0" : "gateway-1";
      assertThat(holder(lease)).isEqualTo(leader);
      // Both electors have tried by now: the Lease was renewed at least once more.
      await().atMost(BOUND).until(() -> transitions(lease) != null && renewed(lease));
      assertThat(List.of(first.isLeader(), second.isLeader()))
          .containsExactlyInAnyOrder(true, false);
    }
  }

  @Test
  void whenTheLeaderStopsTheOtherTakesTheLease() {
    String lease = "rollouts-" + UUID.randomUUID();
    KubernetesLeaseLeadership first = leadership(lease, "gateway-0");
    try (KubernetesLeaseLeadership second = leadership(lease, "gateway-1")) {
      first.start();
      await().atMost(BOUND).until(first::isLeader);
      second.start();
      assertThat(holder(lease)).isEqualTo("gateway-0");

      first.close();

      assertThat(first.isLeader()).as("a stopped replica leads no more").isFalse();
      await().atMost(BOUND).until(second::isLeader);
      assertThat(holder(lease)).isEqualTo("gateway-1");
    }
  }

  @Test
  void refusesTimingsThatLetTwoReplicasLead() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new KubernetesLeaseLeadership.Settings(
                    "l",
                    NAMESPACE,
                    "me",
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaseDuration > renewDeadline > retryPeriod");
  }

  private static KubernetesLeaseLeadership leadership(String lease, String identity) {
    return new KubernetesLeaseLeadership(
        client,
        new KubernetesLeaseLeadership.Settings(
            lease,
            NAMESPACE,
            identity,
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofMillis(200)));
  }

  private static String holder(String lease) {
    Lease object = client.leases().inNamespace(NAMESPACE).withName(lease).get();
    return object == null ? null : object.getSpec().getHolderIdentity();
  }

  private static Integer transitions(String lease) {
    Lease object = client.leases().inNamespace(NAMESPACE).withName(lease).get();
    return object == null ? null : object.getSpec().getLeaseTransitions();
  }

  private static boolean renewed(String lease) {
    Lease object = client.leases().inNamespace(NAMESPACE).withName(lease).get();
    return object != null
        && object.getSpec().getRenewTime() != null
        && object.getSpec().getAcquireTime() != null
        && object.getSpec().getRenewTime().isAfter(object.getSpec().getAcquireTime());
  }
}

package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.sluice.eventing.Transactor;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStarted;
import io.sluice.events.RolloutStrategy;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.rollout.MeasurementFeed;
import io.sluice.gateway.rollout.MeasurementStore;
import io.sluice.gateway.rollout.RolloutLeadership;
import io.sluice.gateway.routing.LatencyHistogram;
import io.sluice.gateway.routing.VersionSample;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The started gateway in cluster mode: its rollout leadership is a Kubernetes Lease, here on
 * fabric8's mock API server in CRUD mode. The replica takes the Lease under its own identity, and
 * the driver, which moves rollouts only on the leader, takes a healthy canary to promotion.
 */
@QuarkusTest
@TestProfile(RolloutDriverUnderLeaseWithMockApiServerIT.LeaseMode.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RolloutDriverUnderLeaseWithMockApiServerIT {

  private static final String NAMESPACE = "sluice";
  private static final String LEASE = "sluice-serving-gateway-rollouts";
  private static final String IDENTITY = "gateway-under-test";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Leadership by a Lease, as the chart configures a replica. */
  public static class LeaseMode implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sluice.gateway.leadership.mode", "kubernetes",
          "sluice.gateway.leadership.kubernetes.namespace", NAMESPACE,
          "sluice.gateway.leadership.kubernetes.identity", IDENTITY);
    }
  }

  @KubernetesTestServer KubernetesServer server;
  @Inject RolloutLeadership leadership;
  @Inject StorageClient storage;
  @Inject Transactor transactor;
  @Inject MeasurementStore measurements;

  @Test
  void startedGatewayTakesTheLeaseAndItsDriverPromotesAHealthyCanary() {
    await().atMost(PATIENCE).until(() -> IDENTITY.equals(holder()));
    assertThat(leadership.isLeader()).isTrue();

    String model = "iris-" + UUID.randomUUID().toString().substring(0, 8);
    RolloutSpec canary =
        new RolloutSpec(
            RolloutStrategy.CANARY,
            List.of(50, 100),
            1,
            0,
            new RolloutAnalysis(20, 0.05, null, null, null, null, 2));
    try (TestEventBus bus = TestEventBus.following(Topics.MODELS, Topics.SERVING);
        MeasurementFeed feed = new MeasurementFeed(transactor, measurements)) {
      bus.send(ModelEvents.first(model, approved(model, 1)));
      await().atMost(PATIENCE).until(() -> ModelEvents.promoted(bus, model).size() == 1);
      bus.send(ModelEvents.first(model, Evaluations.withRollout(approved(model, 2), canary)));
      await().atMost(PATIENCE).until(() -> !bus.events(model, RolloutStarted.class).isEmpty());

      feed.measure(model, 1, sample(30));
      feed.measure(model, 2, sample(30));

      await()
          .atMost(PATIENCE)
          .until(() -> ModelEvents.promoted(bus, model).stream().anyMatch(p -> p.version() == 2));
    }
    assertThat(holder()).as("the replica still holds the Lease").isEqualTo(IDENTITY);
  }

  private String holder() {
    Lease lease = server.getClient().leases().inNamespace(NAMESPACE).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private ModelEvaluated approved(String model, int version) {
    String folder = "runs/" + model + "/train/" + version + "/model/";
    storage.put("artifacts", folder + "model.onnx", IrisModel.onnx());
    storage.put("artifacts", folder + "signature.json", "{}".getBytes(StandardCharsets.UTF_8));
    return Evaluations.of(
        model,
        version,
        Verdict.APPROVED,
        "s3://artifacts/" + folder + "model.onnx",
        IrisModel.sha256());
  }

  private static VersionSample sample(long requests) {
    LatencyHistogram latency = new LatencyHistogram();
    for (long i = 0; i < requests; i++) {
      latency.record(2_000_000);
    }
    return new VersionSample(requests, 0, latency, 0, 0);
  }
}

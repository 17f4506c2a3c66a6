package io.sluice.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.sluice.events.FailureReason;
import io.sluice.events.Resources;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failed step carries the end of its container's log, read from the API server (fabric8's mock in
 * mixed mode: objects in CRUD mode, the log endpoint as a recorded expectation).
 */
class FailureLogTailTest {

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          responses,
          new KubernetesMixedDispatcher(responses),
          false);
  private KubernetesClient client;
  private KubernetesExecutor executor;

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.close();
    }
    if (client != null) {
      client.close();
    }
    server.destroy();
  }

  @Test
  void oomKilledStepCarriesTheEndOfItsLog_apiServerIsAMock() {
    AttemptOutcome.Failed failed =
        oomKilled(
            KubernetesFixtures.withSecrets(
                KubernetesFixtures.request(
                    "train", new Resources("1", "2Gi", 0, null), Instant.now().plusSeconds(3600)),
                List.of()));

    assertThat(failed.reason()).isEqualTo(FailureReason.OOM_KILLED);
    assertThat(failed.logTail()).contains("loading batch of 4096 images");
    assertThat(failed.exitCode()).isEqualTo(137);
  }

  /** The launcher cannot mask values it never reads, so such a step's log stays in the cluster. */
  @Test
  void aStepWithSecretsCarriesNoLogTail_apiServerIsAMock() {
    AttemptOutcome.Failed failed =
        oomKilled(
            KubernetesFixtures.request(
                "train", new Resources("1", "2Gi", 0, null), Instant.now().plusSeconds(3600)));

    assertThat(failed.reason()).isEqualTo(FailureReason.OOM_KILLED);
    assertThat(failed.logTail())
        .startsWith("(log tail withheld: the step gets secrets")
        .contains("kubectl logs")
        .doesNotContain("loading batch");
  }

  private AttemptOutcome.Failed oomKilled(StepRequested request) {
    server.init();
    client = server.createClient();
    AtomicReference<AttemptOutcome> outcome = new AtomicReference<>();
    executor =
        new KubernetesExecutor(
            client,
            KubernetesFixtures.settings(),
            new KubernetesPolicy(Duration.ofMinutes(10), true, 0, 8192, Duration.ofSeconds(10), 3),
            new StepResults(null),
            Clock.systemUTC());
    executor.start();
    String job = JobNames.of(io.sluice.launcher.exec.AttemptKey.of(request));
    String pod = job + "-abcde";
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/ml-steps/pods/"
                + pod
                + "/log?pretty=false&container=step&tailLines=200")
        .andReturn(200, "epoch 1/20\nepoch 2/20\nloading batch of 4096 images\n")
        .once();

    executor.launch(
        request,
        new Executor.AttemptListener() {
          @Override
          public void ended(StepRequested ended, AttemptOutcome result) {
            outcome.set(result);
          }
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> jobIn(job) != null);
    Job created = jobIn(job);
    Pod oom =
        new PodBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace("ml-steps")
            .withLabels(created.getSpec().getTemplate().getMetadata().getLabels())
            .withCreationTimestamp(Instant.now().toString())
            .endMetadata()
            .withSpec(created.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase("Running")
            .withInitContainerStatuses(KubeletStates.terminated("stage-in", 0, null, null))
            .withContainerStatuses(
                KubeletStates.terminated("step", 137, "OOMKilled", null),
                KubeletStates.running("stage-out", Instant.now()))
            .endStatus()
            .build();
    client.resource(oom).create();

    await().atMost(Duration.ofSeconds(20)).until(() -> outcome.get() != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> jobIn(job) == null); // deleted: GPU freed
    return (AttemptOutcome.Failed) outcome.get();
  }

  private Job jobIn(String name) {
    return client.batch().v1().jobs().inNamespace("ml-steps").withName(name).get();
  }
}

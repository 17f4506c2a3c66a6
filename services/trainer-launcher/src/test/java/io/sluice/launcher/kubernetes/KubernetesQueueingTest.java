package io.sluice.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sluice.events.FailureReason;
import io.sluice.events.Resources;
import io.sluice.events.Scheduling;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor's queueing against fabric8's mock API server (CRUD mode; no cluster can run here):
 * the per-queue cap without Kueue, and suspended Jobs with Kueue.
 */
class KubernetesQueueingTest {

  private final KubernetesMockServer server =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          new HashMap<>(),
          new KubernetesCrudDispatcher(),
          false);
  private final Map<String, AttemptOutcome> outcomes = new ConcurrentHashMap<>();
  private KubernetesClient client;
  private KubernetesExecutor executor;

  private final Executor.AttemptListener listener =
      new Executor.AttemptListener() {
        @Override
        public void ended(StepRequested request, AttemptOutcome outcome) {
          outcomes.put(request.stepName(), outcome);
        }
      };

  @BeforeEach
  void startServer() {
    server.init();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    if (executor != null) {
      executor.close();
    }
    client.close();
    server.destroy();
  }

  private void startExecutor(boolean kueue, int cap, Duration pendingTimeout) {
    KubernetesPolicy policy =
        new KubernetesPolicy(pendingTimeout, true, cap, 8192, Duration.ofSeconds(10), 3);
    executor =
        new KubernetesExecutor(
            client,
            KubernetesFixtures.settings(kueue),
            policy,
            new StepResults(null),
            Clock.systemUTC());
    executor.start();
  }

  private static StepRequested step(String name) {
    return KubernetesFixtures.request(
        name, new Resources("1", "1Gi", 1, null), Instant.now().plus(Duration.ofHours(1)));
  }

  private List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace("ml-steps").list().getItems();
  }

  private Optional<Job> jobOf(String step) {
    return jobs().stream()
        .filter(j -> j.getMetadata().getAnnotations().get("sluice.io/step").equals(step))
        .findFirst();
  }

  private void failDeadline(Job job) {
    Job failed = KubeletStates.withCondition(job, "Failed", "DeadlineExceeded");
    client.batch().v1().jobs().inNamespace("ml-steps").resource(failed).updateStatus();
  }

  @Test
  void stepsBeyondTheQueueCapWaitAndStartByPriorityAsJobsFinish_apiServerIsAMock() {
    startExecutor(false, 1, Duration.ofMinutes(10));

    executor.launch(step("first"), listener);
    executor.launch(step("second"), listener);
    executor.launch(
        KubernetesFixtures.scheduled(step("urgent"), new Scheduling(null, 5, Map.of(), List.of())),
        listener);
    await().atMost(Duration.ofSeconds(20)).until(() -> jobOf("first").isPresent());

    assertThat(jobs()).hasSize(1);
    failDeadline(jobOf("first").orElseThrow());
    await().atMost(Duration.ofSeconds(20)).until(() -> jobOf("urgent").isPresent());
    assertThat(outcomes.get("first"))
        .isInstanceOfSatisfying(
            AttemptOutcome.Failed.class,
            f -> assertThat(f.reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED));
    assertThat(jobOf("second")).isEmpty(); // arrived earlier, but with a lower priority
    assertThat(jobOf("first")).isEmpty(); // deleted once reported
  }

  @Test
  void cancellingAWaitingStepReportsItWithoutEverCreatingAJob_apiServerIsAMock() {
    startExecutor(false, 1, Duration.ofMinutes(10));
    executor.launch(step("first"), listener);
    await().atMost(Duration.ofSeconds(20)).until(() -> jobOf("first").isPresent());
    StepRequested waiting = step("waiting");
    executor.launch(waiting, listener);

    executor.cancel(io.sluice.launcher.exec.AttemptKey.of(waiting), "not needed");

    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.containsKey("waiting"));
    assertThat(((AttemptOutcome.Failed) outcomes.get("waiting")).reason())
        .isEqualTo(FailureReason.CANCELLED);
    assertThat(jobOf("waiting")).isEmpty();
  }

  @Test
  void kueueJobWaitsSuspendedWithoutAPendingLimitAndIsTimedOnlyOnceAdmitted_apiServerIsAMock() {
    startExecutor(true, 0, Duration.ofSeconds(2));
    executor.launch(step("queued"), listener);
    await().atMost(Duration.ofSeconds(20)).until(() -> jobOf("queued").isPresent());
    Job job = jobOf("queued").orElseThrow();
    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(job.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "team-a");

    // Past the pending limit (2 s): a Job queued by Kueue must not be failed for waiting.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !outcomes.containsKey("queued"));
    assertThat(executor.isActive(io.sluice.launcher.exec.AttemptKey.of(step("queued")))).isTrue();

    // Kueue admits it; no pod ever comes, so the pending limit applies from now on.
    Job current =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace("ml-steps")
            .withName(job.getMetadata().getName())
            .get();
    current.getSpec().setSuspend(false);
    client.batch().v1().jobs().inNamespace("ml-steps").resource(current).update();
    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.containsKey("queued"));
    assertThat(((AttemptOutcome.Failed) outcomes.get("queued")).reason())
        .isEqualTo(FailureReason.UNSCHEDULABLE);
  }
}

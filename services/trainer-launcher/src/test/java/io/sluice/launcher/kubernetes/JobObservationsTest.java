package io.sluice.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sluice.events.FailureReason;
import io.sluice.launcher.kubernetes.Observation.Failed;
import io.sluice.launcher.kubernetes.Observation.Pending;
import io.sluice.launcher.kubernetes.Observation.PendingKind;
import io.sluice.launcher.stager.StagerReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobObservationsTest {

  private static final Job RUNNING_JOB =
      new JobBuilder().withNewSpec().withActiveDeadlineSeconds(4200L).endSpec().build();

  private static ContainerStatus waiting(String name, String reason, String message) {
    return KubeletStates.waiting(name, "ghcr.io/acme/train:1.4", reason, message);
  }

  private static ContainerStatus terminated(String name, int code, String reason, String message) {
    return KubeletStates.terminated(name, code, reason, message);
  }

  private static ContainerStatus running(String name) {
    return KubeletStates.running(name, Instant.parse("2026-12-02T10:00:05Z"));
  }

  private static PodBuilder pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("sluice-train-abc-xyz")
        .withCreationTimestamp("2026-12-02T10:00:00Z")
        .endMetadata()
        .withNewSpec()
        .withNodeName("gpu-node-7")
        .endSpec();
  }

  private static Pod withStatuses(List<ContainerStatus> init, List<ContainerStatus> containers) {
    return pod()
        .withNewStatus()
        .withPhase("Running")
        .withInitContainerStatuses(init)
        .withContainerStatuses(containers)
        .endStatus()
        .build();
  }

  private static Observation observe(Pod pod) {
    return JobObservations.observe(RUNNING_JOB, List.of(pod));
  }

  private static final ContainerStatus STAGED = terminated("stage-in", 0, "Completed", null);

  @Test
  void runningStepContainerIsRunningOnItsNode() {
    Observation seen =
        observe(withStatuses(List.of(STAGED), List.of(running("step"), running("stage-out"))));

    assertThat(seen)
        .isInstanceOfSatisfying(
            Observation.Running.class, r -> assertThat(r.node()).isEqualTo("gpu-node-7"));
  }

  @Test
  void missingImageIsANonRetryableImagePullWithAHint() {
    Pod pod =
        withStatuses(
            List.of(STAGED),
            List.of(waiting("step", "ErrImagePull", "failed to resolve reference: not found")));

    Failed failed = (Failed) observe(pod);

    assertThat(failed.reason()).isEqualTo(FailureReason.IMAGE_PULL);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("ghcr.io/acme/train:1.4", "not found", "pull secret");
  }

  @Test
  void slowPullIsPendingAndBecomesARetryableImagePullWithTheTimeoutHint() {
    Pod pod =
        withStatuses(
            List.of(STAGED),
            List.of(
                waiting("step", "ImagePullBackOff", "Back-off pulling image: context canceled")));

    Pending pending = (Pending) observe(pod);
    Failed failed = JobObservations.pendingTooLong(pending, Duration.ofMinutes(15));

    assertThat(pending.kind()).isEqualTo(PendingKind.IMAGE_PULL_BACKOFF);
    assertThat(failed.reason()).isEqualTo(FailureReason.IMAGE_PULL);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.message()).contains("image_pull_progress_timeout", "15 min");
  }

  @Test
  void unschedulablePodCarriesTheSchedulersMessage() {
    Pod pod = pod().withStatus(KubeletStates.unschedulable()).build();

    Pending pending = (Pending) observe(pod);
    Failed failed = JobObservations.pendingTooLong(pending, Duration.ofMinutes(20));

    assertThat(pending.kind()).isEqualTo(PendingKind.UNSCHEDULABLE);
    assertThat(failed.reason()).isEqualTo(FailureReason.UNSCHEDULABLE);
    assertThat(failed.message()).contains("Insufficient nvidia.com/gpu", "GPU type");
    assertThat(failed.retryable()).isNull(); // the step's retry policy decides
  }

  @Test
  void oomKilledStepIsOomKilledWithItsLogToRead() {
    Pod pod =
        withStatuses(
            List.of(STAGED),
            List.of(terminated("step", 137, "OOMKilled", null), running("stage-out")));

    Failed failed = (Failed) observe(pod);

    assertThat(failed.reason()).isEqualTo(FailureReason.OOM_KILLED);
    assertThat(failed.exitCode()).isEqualTo(137);
    assertThat(failed.message()).contains("resources.memory");
    assertThat(failed.logContainer()).isEqualTo("step");
    assertThat(failed.podName()).isEqualTo("sluice-train-abc-xyz");
  }

  @Test
  void nonZeroExitIsNonzeroExitWithTheCode() {
    Pod pod =
        withStatuses(
            List.of(STAGED), List.of(terminated("step", 3, "Error", null), running("stage-out")));

    Failed failed = (Failed) observe(pod);

    assertThat(failed.reason()).isEqualTo(FailureReason.NONZERO_EXIT);
    assertThat(failed.exitCode()).isEqualTo(3);
  }

  @Test
  void deadlineExceededJobIsDeadlineExceeded() {
    Job job = KubeletStates.withCondition(RUNNING_JOB, "Failed", "DeadlineExceeded");

    Failed failed = (Failed) JobObservations.observe(job, List.of());

    assertThat(failed.reason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED);
    assertThat(failed.message()).contains("4200 s");
  }

  @Test
  void evictedPodIsARetryableLostExecutorWithTheDiskPressureHint() {
    Pod pod =
        pod()
            .withNewStatus()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: ephemeral-storage.")
            .endStatus()
            .build();

    Failed failed = (Failed) observe(pod);

    assertThat(failed.reason()).isEqualTo(FailureReason.EXECUTOR_LOST);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.message()).contains("ephemeral-storage", "imageGCHighThresholdPercent");
  }

  @Test
  void stageInFailureCarriesTheStagersOwnReason() {
    String report =
        new StagerReport(FailureReason.INPUT_MISSING, false, "input 'data' has sha256 x, not y")
            .toJson();
    Pod pod = withStatuses(List.of(terminated("stage-in", 1, "Error", report)), List.of());

    Failed failed = (Failed) observe(pod);

    assertThat(failed.reason()).isEqualTo(FailureReason.INPUT_MISSING);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("input 'data'");
  }

  @Test
  void missingSecretIsAnInvalidRequest() {
    Pod pod =
        withStatuses(
            List.of(STAGED),
            List.of(waiting("step", "CreateContainerConfigError", "secret \"wandb\" not found")));

    Failed failed = (Failed) observe(pod);

    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(failed.message()).contains("wandb");
  }

  @Test
  void successNeedsStageOutToHaveFinished() {
    Pod uploading =
        withStatuses(
            List.of(STAGED),
            List.of(terminated("step", 0, "Completed", null), running("stage-out")));
    Pod uploaded =
        withStatuses(
            List.of(STAGED),
            List.of(
                terminated("step", 0, "Completed", null),
                terminated("stage-out", 0, "Completed", null)));

    assertThat(observe(uploading)).isInstanceOf(Observation.Running.class);
    uploaded
        .getStatus()
        .getContainerStatuses()
        .get(0)
        .setImageID("ghcr.io/acme/train@sha256:" + "ab".repeat(32));

    assertThat(observe(uploaded))
        .isEqualTo(new Observation.Succeeded("gpu-node-7", "sha256:" + "ab".repeat(32)));
  }

  @Test
  void imageDigestIsReadFromEitherRuntimesImageId() {
    String digest = "sha256:" + "cd".repeat(32);

    assertThat(JobObservations.digestOf("docker-pullable://ghcr.io/a/b@" + digest))
        .isEqualTo(digest);
    assertThat(JobObservations.digestOf("ghcr.io/a/b@" + digest)).isEqualTo(digest);
    assertThat(JobObservations.digestOf("ghcr.io/a/b:1.0")).isNull();
    assertThat(JobObservations.digestOf(null)).isNull();
  }

  @Test
  void suspendedJobIsQueued() {
    Job suspended = new JobBuilder().withNewSpec().withSuspend(true).endSpec().build();

    assertThat(JobObservations.observe(suspended, List.of()))
        .isInstanceOf(Observation.Queued.class);
  }
}

package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.sluice.events.FailureReason;
import io.sluice.launcher.kubernetes.Observation.Failed;
import io.sluice.launcher.kubernetes.Observation.Pending;
import io.sluice.launcher.kubernetes.Observation.PendingKind;
import io.sluice.launcher.stager.StagerReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an attempt's state off its Job and pods: a pure function of the objects the informers hold,
 * unit-tested on its own. Failures get a reason from the taxonomy and a hint a person can act on.
 */
public final class JobObservations {

  private static final Set<String> PULL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff");
  private static final Set<String> BAD_IMAGE = Set.of("InvalidImageName", "ErrImageNeverPull");
  private static final Set<String> BAD_CONFIG =
      Set.of("CreateContainerConfigError", "CreateContainerError");

  /** Pull errors that waiting will not fix: the image or the right to pull it does not exist. */
  private static final Pattern PERMANENT_PULL =
      Pattern.compile(
          "not found|manifest unknown|does not exist|unauthorized|denied|invalid reference",
          Pattern.CASE_INSENSITIVE);

  private JobObservations() {}

  public static Observation observe(Job job, List<Pod> pods) {
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent() && "DeadlineExceeded".equals(failed.get().getReason())) {
      return deadlineExceeded(job, newest(pods));
    }
    Pod pod = newest(pods);
    if (condition(job, "Complete").isPresent()) {
      if (pod == null) {
        return new Observation.Succeeded("", null);
      }
      // Jobs and pods come through separate watches: wait for the pod's own final state, which
      // names the image digest that ran.
      return observe(pod) instanceof Observation.Running running ? running : succeeded(pod);
    }
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      return new Observation.Queued();
    }
    if (pod == null) {
      return failed.isPresent()
          ? new Failed(
              FailureReason.EXECUTOR_LOST, jobFailure(failed.get()), true, null, null, null)
          : new Pending("waiting for the Job's pod to be created", PendingKind.STARTING);
    }
    return observe(pod);
  }

  /** The state of one pod of the Job. */
  static Observation observe(Pod pod) {
    Optional<Observation> lost = lost(pod);
    if (lost.isPresent()) {
      return lost.get();
    }
    ContainerStatus stageIn = status(pod.getStatus().getInitContainerStatuses(), JobSpecs.STAGE_IN);
    Optional<Observation> staging = stageIn(pod, stageIn);
    if (staging.isPresent()) {
      return staging.get();
    }
    ContainerStatus step = status(pod.getStatus().getContainerStatuses(), JobSpecs.STEP);
    if (step != null && step.getState() != null) {
      Optional<Observation> stepState = step(pod, step);
      if (stepState.isPresent()) {
        return stepState.get();
      }
    }
    return pending(pod);
  }

  private static Optional<Observation> lost(Pod pod) {
    String podReason = pod.getStatus().getReason();
    if ("Evicted".equals(podReason)) {
      return Optional.of(
          new Failed(
              FailureReason.EXECUTOR_LOST,
              "evicted from node "
                  + nodeOf(pod)
                  + ": "
                  + text(pod.getStatus().getMessage())
                  + ". Hint: the node ran short of memory or disk; for disk pressure check the"
                  + " node's free space for images and logs and the kubelet's image garbage"
                  + " collection thresholds (imageGCHighThresholdPercent /"
                  + " imageGCLowThresholdPercent), and give the step an ephemeral-storage"
                  + " budget it stays within",
              true,
              null,
              null,
              null));
    }
    Optional<PodCondition> disrupted = podCondition(pod, "DisruptionTarget");
    if (disrupted.isPresent() && "True".equals(disrupted.get().getStatus())) {
      return Optional.of(
          new Failed(
              FailureReason.EXECUTOR_LOST,
              "the pod was stopped by the cluster ("
                  + text(disrupted.get().getReason())
                  + "): "
                  + text(disrupted.get().getMessage()),
              true,
              null,
              null,
              null));
    }
    return Optional.empty();
  }

  private static Optional<Observation> stageIn(Pod pod, ContainerStatus stageIn) {
    if (stageIn == null || stageIn.getState() == null) {
      return Optional.empty();
    }
    ContainerStateTerminated done = stageIn.getState().getTerminated();
    if (done != null && done.getExitCode() != null && done.getExitCode() != 0) {
      Failed failed =
          StagerReport.parse(done.getMessage())
              .map(r -> stagerFailure(r, JobSpecs.STAGE_IN, pod))
              .orElseGet(
                  () ->
                      new Failed(
                          FailureReason.INPUT_MISSING,
                          "stage-in exited with code "
                              + done.getExitCode()
                              + " before the step ran",
                          true,
                          null,
                          JobSpecs.STAGE_IN,
                          name(pod)));
      return Optional.of(failed);
    }
    return waiting(stageIn, pod).map(Observation.class::cast);
  }

  private static Optional<Observation> step(Pod pod, ContainerStatus step) {
    ContainerState state = step.getState();
    if (state.getRunning() != null) {
      return Optional.of(
          new Observation.Running(nodeOf(pod), instant(state.getRunning().getStartedAt())));
    }
    ContainerStateTerminated done = state.getTerminated();
    if (done != null) {
      return Optional.of(terminated(pod, done));
    }
    return waiting(step, pod).map(Observation.class::cast);
  }

  private static Observation terminated(Pod pod, ContainerStateTerminated done) {
    int exitCode = done.getExitCode() == null ? -1 : done.getExitCode();
    if ("OOMKilled".equals(done.getReason())) {
      return new Failed(
          FailureReason.OOM_KILLED,
          "killed for using more memory than its limit (exit code "
              + exitCode
              + "). Hint: raise the step's resources.memory, or make the step use less",
          null,
          exitCode,
          JobSpecs.STEP,
          name(pod));
    }
    if (exitCode != 0) {
      String signal = exitCode == 137 ? " (SIGKILL: often memory, or the pod was stopped)" : "";
      return new Failed(
          FailureReason.NONZERO_EXIT,
          "exit code " + exitCode + signal,
          null,
          exitCode,
          JobSpecs.STEP,
          name(pod));
    }
    return stageOut(pod);
  }

  /** The command exited 0: the attempt succeeds once stage-out has uploaded. */
  private static Observation stageOut(Pod pod) {
    ContainerStatus stageOut = status(pod.getStatus().getContainerStatuses(), JobSpecs.STAGE_OUT);
    ContainerStateTerminated done =
        stageOut == null || stageOut.getState() == null
            ? null
            : stageOut.getState().getTerminated();
    if (done == null) {
      return new Observation.Running(nodeOf(pod), null); // uploading
    }
    if (done.getExitCode() != null && done.getExitCode() == 0) {
      return succeeded(pod);
    }
    return StagerReport.parse(done.getMessage())
        .map(r -> (Observation) stagerFailure(r, JobSpecs.STAGE_OUT, pod))
        .orElseGet(
            () ->
                new Failed(
                    FailureReason.OUTPUT_UPLOAD_FAILED,
                    "stage-out exited with code " + done.getExitCode(),
                    true,
                    null,
                    JobSpecs.STAGE_OUT,
                    name(pod)));
  }

  private static Optional<Failed> waiting(ContainerStatus container, Pod pod) {
    ContainerStateWaiting waiting = container.getState().getWaiting();
    if (waiting == null || waiting.getReason() == null) {
      return Optional.empty();
    }
    String reason = waiting.getReason();
    String message = text(waiting.getMessage());
    if (BAD_IMAGE.contains(reason)
        || (PULL_WAITING.contains(reason) && PERMANENT_PULL.matcher(message).find())) {
      return Optional.of(
          new Failed(
              FailureReason.IMAGE_PULL,
              "image "
                  + container.getImage()
                  + " cannot be pulled ("
                  + reason
                  + "): "
                  + message
                  + ". Hint: check the image name and tag, and that an image pull secret"
                  + " for its registry is configured",
              false,
              null,
              null,
              null));
    }
    if (BAD_CONFIG.contains(reason)) {
      return Optional.of(
          new Failed(
              FailureReason.INVALID_REQUEST,
              "container "
                  + container.getName()
                  + " cannot be created ("
                  + reason
                  + "): "
                  + message,
              false,
              null,
              null,
              null));
    }
    return Optional.empty();
  }

  private static Observation pending(Pod pod) {
    Optional<PodCondition> scheduled = podCondition(pod, "PodScheduled");
    if (scheduled.isPresent()
        && "False".equals(scheduled.get().getStatus())
        && "Unschedulable".equals(scheduled.get().getReason())) {
      return new Pending(text(scheduled.get().getMessage()), PendingKind.UNSCHEDULABLE);
    }
    for (ContainerStatus container : allStatuses(pod)) {
      ContainerStateWaiting waiting =
          container.getState() == null ? null : container.getState().getWaiting();
      if (waiting != null && PULL_WAITING.contains(waiting.getReason())) {
        return new Pending(
            "pulling " + container.getImage() + ": " + text(waiting.getMessage()),
            PendingKind.IMAGE_PULL_BACKOFF);
      }
    }
    if ("Failed".equals(pod.getStatus().getPhase())) {
      return new Failed(
          FailureReason.EXECUTOR_LOST,
          "the pod failed before its command ran: "
              + text(pod.getStatus().getReason())
              + " "
              + text(pod.getStatus().getMessage()),
          true,
          null,
          null,
          null);
    }
    return new Pending(
        "pod " + name(pod) + " is " + text(pod.getStatus().getPhase()), PendingKind.STARTING);
  }

  private static Observation.Succeeded succeeded(Pod pod) {
    ContainerStatus step = status(pod.getStatus().getContainerStatuses(), JobSpecs.STEP);
    return new Observation.Succeeded(
        nodeOf(pod), step == null ? null : digestOf(step.getImageID()));
  }

  /**
   * The {@code sha256:...} digest in a container's image id, which runtimes write as {@code
   * repo@sha256:...} or {@code docker-pullable://repo@sha256:...}; null when there is none.
   */
  static String digestOf(String imageId) {
    if (imageId == null) {
      return null;
    }
    int at = imageId.lastIndexOf("sha256:");
    String digest = at < 0 ? "" : imageId.substring(at);
    return digest.matches("sha256:[0-9a-f]{64}") ? digest : null;
  }

  /** The failure of an attempt pending for {@code waited}, past the configured limit. */
  public static Failed pendingTooLong(Pending pending, Duration waited) {
    String after = "still not running after " + waited.toMinutes() + " min";
    return switch (pending.kind()) {
      case UNSCHEDULABLE ->
          new Failed(
              FailureReason.UNSCHEDULABLE,
              after
                  + ": no node can take it: "
                  + pending.detail()
                  + ". Hint: check that a node has enough free GPUs, CPU and memory, that the"
                  + " step's GPU type matches a node's GPU product label, and the namespace's"
                  + " quota",
              null,
              null,
              null,
              null);
      case IMAGE_PULL_BACKOFF ->
          new Failed(
              FailureReason.IMAGE_PULL,
              after
                  + ": "
                  + pending.detail()
                  + ". Hint: a very large image can outlast the pull progress timeout of the"
                  + " container runtime (containerd's image_pull_progress_timeout, the kubelet's"
                  + " image-pull-progress-deadline): raise it, pre-pull the image on the GPU"
                  + " nodes, or slim the image",
              true,
              null,
              null,
              null);
      case STARTING ->
          new Failed(
              FailureReason.UNSCHEDULABLE, after + ": " + pending.detail(), null, null, null, null);
    };
  }

  private static Failed deadlineExceeded(Job job, Pod pod) {
    Long seconds = job.getSpec().getActiveDeadlineSeconds();
    return new Failed(
        FailureReason.DEADLINE_EXCEEDED,
        "stopped after "
            + seconds
            + " s (the step's timeout plus staging, or its run's deadline). Hint: raise the"
            + " step's timeout, or look at why it ran longer than usual",
        null,
        null,
        pod == null ? null : JobSpecs.STEP,
        pod == null ? null : name(pod));
  }

  private static Failed stagerFailure(StagerReport report, String container, Pod pod) {
    return new Failed(
        report.reason(), report.message(), report.retryable(), null, container, name(pod));
  }

  private static String jobFailure(JobCondition condition) {
    return "the Job failed (" + text(condition.getReason()) + "): " + text(condition.getMessage());
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static Optional<PodCondition> podCondition(Pod pod, String type) {
    List<PodCondition> conditions = pod.getStatus().getConditions();
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static ContainerStatus status(List<ContainerStatus> statuses, String name) {
    return statuses == null
        ? null
        : statuses.stream().filter(s -> name.equals(s.getName())).findFirst().orElse(null);
  }

  private static List<ContainerStatus> allStatuses(Pod pod) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    return all;
  }

  static Pod newest(List<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getStatus() != null)
        .max(Comparator.comparing(p -> text(p.getMetadata().getCreationTimestamp())))
        .orElse(null);
  }

  private static String nodeOf(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getNodeName() == null
        ? ""
        : pod.getSpec().getNodeName();
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  private static Instant instant(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String text(String value) {
    return value == null ? "" : value.trim();
  }
}

package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;

/** Pod, container and Job states as the kubelet and the Job controller report them, for tests. */
final class KubeletStates {

  private KubeletStates() {}

  static ContainerStatus terminated(String name, int code, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewTerminated()
        .withExitCode(code)
        .withReason(reason)
        .withMessage(message)
        .endTerminated()
        .endState()
        .build();
  }

  static ContainerStatus running(String name, Instant since) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewRunning(since.toString())
        .endState()
        .build();
  }

  /** The pod status of a pod no node can take. */
  static PodStatus unschedulable() {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
        .endCondition()
        .build();
  }

  /** {@code job} with one true condition, e.g. {@code Complete} or {@code Failed}. */
  static Job withCondition(Job job, String type, String reason) {
    return new JobBuilder(job)
        .withNewStatus()
        .addNewCondition()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .endCondition()
        .endStatus()
        .build();
  }

  static ContainerStatus waiting(String name, String image, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(image)
        .withNewState()
        .withNewWaiting(message, reason)
        .endState()
        .build();
  }
}

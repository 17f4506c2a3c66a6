package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.time.Instant;

/** Container statuses as a kubelet reports them, for tests. */
final class ContainerStates {

  private ContainerStates() {}

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

package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sluice.events.StepRequested;
import io.sluice.launcher.local.LogCapture;
import io.sluice.launcher.step.StepEnvironment;
import io.sluice.launcher.step.StepLogStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the step container's log of an ended attempt in the artifact store: read from the API
 * server ({@code GET pods/<pod>/log?container=step}) while the pod still exists, bounded and masked
 * exactly as a local step's log ({@link LogCapture}), then uploaded by {@link StepLogStore}. Never
 * throws: a log that cannot be read or kept is logged and the attempt's outcome stands.
 */
final class StepPodLogs {

  private static final Logger LOG = Logger.getLogger(StepPodLogs.class);

  private final KubernetesClient client;
  private final String namespace;
  private final StepLogStore store;
  private final long maxLogBytes;

  StepPodLogs(KubernetesClient client, String namespace, StepLogStore store, long maxLogBytes) {
    this.client = client;
    this.namespace = namespace;
    this.store = store;
    this.maxLogBytes = maxLogBytes;
  }

  /** The pod of the Job whose step container ran (or runs), newest first; else empty. */
  static Optional<String> podThatRanTheStep(List<Pod> pods) {
    return pods.stream()
        .filter(StepPodLogs::stepContainerRan)
        .max(Comparator.comparing(pod -> String.valueOf(pod.getMetadata().getCreationTimestamp())))
        .map(pod -> pod.getMetadata().getName());
  }

  private static boolean stepContainerRan(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return false;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(status -> JobSpecs.STEP.equals(status.getName()))
        .map(ContainerStatus::getState)
        .anyMatch(
            state ->
                state != null && (state.getRunning() != null || state.getTerminated() != null));
  }

  /** Keeps the step container's log of {@code pod}; nothing when no pod ran the step. */
  void keep(StepRequested request, Optional<String> pod) {
    if (pod.isEmpty() || store.uriOf(request) == null) {
      return;
    }
    Path file = null;
    try {
      file = Files.createTempFile("sluice-step-log-", ".log");
      if (KubernetesExecutor.withholdsLog(request, JobSpecs.STEP)) {
        Files.writeString(file, withheld(pod.get()), StandardCharsets.UTF_8);
      } else {
        copyLog(request, pod.get(), file);
      }
      store.keep(request, file);
    } catch (IOException | KubernetesClientException e) {
      LOG.warnf(
          "%s/%s attempt %d: the log of pod %s was not kept (the step's outcome stands): %s",
          request.runId(), request.stepName(), request.attempt(), pod.get(), e.getMessage());
    } finally {
      deleteQuietly(file);
    }
  }

  private void copyLog(StepRequested request, String pod, Path file) throws IOException {
    // The request's variables named like a secret are masked, as a local step's log masks them.
    List<String> sensitive =
        StepEnvironment.inheriting(java.util.Map.of()).with(request.env()).sensitiveValues();
    try (InputStream log =
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .inContainer(JobSpecs.STEP)
            .getLogInputStream()) {
      new LogCapture(maxLogBytes, LogCapture.KEPT_TAIL_BYTES, sensitive).copy(log, file);
    }
  }

  static String withheld(String pod) {
    return "[sluice] log withheld: the step gets secrets, which the launcher cannot read to mask;"
        + " read it with kubectl logs "
        + pod
        + " -c "
        + JobSpecs.STEP
        + " while the pod exists\n";
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debugf("temporary log %s not deleted: %s", file, e.getMessage());
    }
  }
}

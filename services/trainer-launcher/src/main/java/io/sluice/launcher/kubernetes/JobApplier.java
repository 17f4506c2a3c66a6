package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sluice.launcher.step.LogTail;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The only place the executor writes to the API server: create a Job idempotently, delete one, read
 * a log tail. Says what it did; never retries on its own.
 */
final class JobApplier {

  /** What applying a Job did. */
  enum Applied {
    CREATED,
    UNCHANGED
  }

  private static final Logger LOG = Logger.getLogger(JobApplier.class);
  private static final int LOG_LINES = 200;

  private final KubernetesClient client;

  JobApplier(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates the Job; when one of that name exists (a redelivered request, a restarted launcher) it
   * is left alone if it belongs to the same attempt, and an error otherwise.
   */
  Applied apply(Job job) {
    try {
      client.resource(job).create();
      return Applied.CREATED;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    Job existing =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName())
            .get();
    if (existing != null && !sameAttempt(existing, job)) {
      throw new IllegalStateException(
          "Job " + job.getMetadata().getName() + " exists but belongs to another attempt");
    }
    return Applied.UNCHANGED;
  }

  private static boolean sameAttempt(Job existing, Job wanted) {
    Map<String, String> labels = existing.getMetadata().getLabels();
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    return labels != null
        && annotations != null
        && Objects.equals(
            labels.get(JobSpecs.ATTEMPT_LABEL),
            wanted.getMetadata().getLabels().get(JobSpecs.ATTEMPT_LABEL))
        && Objects.equals(
            labels.get(JobSpecs.SHARD_LABEL),
            wanted.getMetadata().getLabels().get(JobSpecs.SHARD_LABEL))
        && Objects.equals(
            annotations.get(JobSpecs.RUN_LABEL),
            wanted.getMetadata().getAnnotations().get(JobSpecs.RUN_LABEL))
        && Objects.equals(
            annotations.get(JobSpecs.STEP_LABEL),
            wanted.getMetadata().getAnnotations().get(JobSpecs.STEP_LABEL));
  }

  /** Deletes the Job and, in the background, its pods; a Job already gone is fine. */
  void delete(String namespace, String name) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(namespace)
          .withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.warnf("Job %s not deleted (its TTL will remove it): %s", name, e.getMessage());
    }
  }

  /** The end of a container's log, bounded; a note when it cannot be read. */
  String logTail(String namespace, String pod, String container, int maxBytes) {
    try {
      String log =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer(container)
              .tailingLines(LOG_LINES)
              .getLog();
      return new LogTail(maxBytes, List.of()).of(log == null ? "" : log);
    } catch (KubernetesClientException e) {
      return "(log of " + pod + "/" + container + " unavailable: " + e.getMessage() + ")";
    }
  }
}

package io.sluice.launcher.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sluice.eventing.LogIds;
import io.sluice.events.FailureReason;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.kubernetes.JobApplier.Applied;
import io.sluice.launcher.kubernetes.Observation.Failed;
import io.sluice.launcher.step.StepFailure;
import io.sluice.launcher.step.StepLogStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Runs attempts as Kubernetes Jobs and follows them through two label-filtered informers (Jobs and
 * pods of this launcher), never by polling. All decisions about attempts happen on one thread, so
 * an attempt's events are handled in order; outcomes are handed to the listener on another single
 * thread, so a slow database never holds up watching.
 */
public final class KubernetesExecutor implements Executor, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(KubernetesExecutor.class);
  private static final String BY_JOB = "by-job";

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final KubernetesPolicy policy;
  private final JobApplier applier;
  private final StepResults results;
  private final StepPodLogs logs;
  private final Clock clock;
  private final Map<String, TrackedAttempt> active = new ConcurrentHashMap<>();

  /**
   * Attempts that ended and whose outcome waits for their log to be kept: still this launcher's to
   * answer for, so heartbeats go on and nobody declares them lost.
   */
  private final Map<String, TrackedAttempt> ending = new ConcurrentHashMap<>();

  private final Map<String, PriorityQueue<TrackedAttempt>> waiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService decisions;
  private final ExecutorService reports;

  /** Reads and uploads ended attempts' logs, so a big log holds up neither watching nor reports. */
  private final ExecutorService logKeepers;

  private SharedIndexInformer<Job> jobs;
  private SharedIndexInformer<Pod> pods;
  private volatile boolean closing;

  /** An executor that keeps no step logs once attempts end. */
  public KubernetesExecutor(
      KubernetesClient client,
      KubernetesSettings settings,
      KubernetesPolicy policy,
      StepResults results,
      Clock clock) {
    this(client, settings, policy, results, StepLogStore.disabled(), 0, clock);
  }

  /**
   * {@code logs}: where each ended attempt's step container log goes, bounded by {@code
   * maxLogBytes} as a local step's.
   */
  public KubernetesExecutor(
      KubernetesClient client,
      KubernetesSettings settings,
      KubernetesPolicy policy,
      StepResults results,
      StepLogStore logs,
      long maxLogBytes,
      Clock clock) {
    this.client = client;
    this.logs = new StepPodLogs(client, settings.namespace(), logs, maxLogBytes);
    this.logKeepers = Executors.newFixedThreadPool(2, daemon("k8s-step-logs"));
    this.settings = settings;
    this.policy = policy;
    this.applier = new JobApplier(client);
    this.results = results;
    this.clock = clock;
    this.decisions = Executors.newSingleThreadScheduledExecutor(daemon("k8s-steps"));
    this.reports = Executors.newSingleThreadExecutor(daemon("k8s-step-reports"));
  }

  /** Starts the informers and waits for their first listing, so restarts find their Jobs. */
  public void start() {
    jobs =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(settings.namespace())
            .withLabel(JobSpecs.MANAGED_BY, JobSpecs.MANAGER)
            .inform(onChange(job -> job.getMetadata().getName()), 0);
    pods =
        client
            .pods()
            .inNamespace(settings.namespace())
            .withLabel(JobSpecs.MANAGED_BY, JobSpecs.MANAGER)
            .runnableInformer(0);
    pods.addIndexers(Map.of(BY_JOB, pod -> List.of(jobOf(pod))));
    pods.addEventHandler(onChange(KubernetesExecutor::jobOf));
    pods.start();
    try {
      jobs.start()
          .toCompletableFuture()
          .get(policy.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
      pods.start()
          .toCompletableFuture()
          .get(policy.syncTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "the Kubernetes API did not list Jobs and pods in namespace "
              + settings.namespace()
              + " within "
              + policy.syncTimeout()
              + ": "
              + e,
          e);
    }
    LOG.infof("watching step Jobs in namespace %s", settings.namespace());
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public String node() {
    return "namespace/" + settings.namespace();
  }

  @Override
  public boolean reportsStart() {
    return true;
  }

  @Override
  public boolean outlivesLauncher() {
    return true;
  }

  @Override
  public boolean launch(StepRequested request, AttemptListener listener) {
    String name = JobNames.of(AttemptKey.of(request));
    TrackedAttempt attempt =
        new TrackedAttempt(request, listener, name, JobSpecs.queueOf(request, settings));
    if (closing || active.putIfAbsent(name, attempt) != null) {
      return false;
    }
    decisions.execute(() -> admit(attempt));
    return true;
  }

  /** Deletes the attempt's Job wherever it runs; true when this launcher follows the attempt. */
  @Override
  public boolean cancel(AttemptKey key, String reason) {
    String name = JobNames.of(key);
    TrackedAttempt attempt = active.get(name);
    if (attempt != null) {
      attempt.cancelReason = reason;
    }
    decisions.execute(() -> deleteAfterCancel(name, attempt));
    return attempt != null;
  }

  @Override
  public Set<AttemptKey> live() {
    return java.util.stream.Stream.concat(active.values().stream(), ending.values().stream())
        .map(TrackedAttempt::key)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether this launcher follows the attempt (queued, pending or running). */
  public boolean isActive(AttemptKey key) {
    return active.containsKey(JobNames.of(key));
  }

  private void deleteAfterCancel(String name, TrackedAttempt attempt) {
    applier.delete(settings.namespace(), name);
    if (attempt != null && !attempt.created) {
      queueOf(attempt.queue).remove(attempt);
      end(attempt, cancelled(attempt));
    }
  }

  private void admit(TrackedAttempt attempt) {
    if (attempt.cancelReason != null) {
      end(attempt, cancelled(attempt));
    } else if (policy.maxRunningPerQueue() > 0
        && !settings.kueue()
        && occupied(attempt.queue) >= policy.maxRunningPerQueue()) {
      LOG.infof("%s: waits, queue %s is full", attempt.key(), attempt.queue);
      queueOf(attempt.queue).add(attempt);
    } else {
      create(attempt);
    }
  }

  private void create(TrackedAttempt attempt) {
    Job job;
    try {
      job = JobSpecs.forStep(attempt.request, settings, clock.instant());
    } catch (StepFailure failure) {
      end(attempt, failed(attempt, failure.reason(), failure.getMessage(), false, null, ""));
      return;
    }
    Applied applied;
    try {
      applied = applier.apply(job);
    } catch (RuntimeException e) {
      retryCreate(attempt, e);
      return;
    }
    attempt.created = true;
    attempt.createdAt = clock.instant();
    LOG.infof("%s: Job %s %s", attempt.key(), attempt.name, applied);
    schedulePendingCheck(attempt);
    evaluate(attempt.name);
  }

  private void retryCreate(TrackedAttempt attempt, RuntimeException error) {
    attempt.createFailures++;
    if (attempt.createFailures >= policy.createAttempts()) {
      end(
          attempt,
          failed(
              attempt,
              FailureReason.INTERNAL,
              "the Job could not be created: " + error.getMessage(),
              true,
              null,
              ""));
      return;
    }
    long delay = Math.min(30_000, 500L << attempt.createFailures);
    LOG.warnf("%s: creating the Job failed, retrying in %d ms: %s", attempt.key(), delay, error);
    decisions.schedule(() -> admit(attempt), delay, TimeUnit.MILLISECONDS);
  }

  private <T extends HasMetadata> ResourceEventHandler<T> onChange(Function<T, String> jobName) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        changed(jobName.apply(object));
      }

      @Override
      public void onUpdate(T before, T after) {
        changed(jobName.apply(after));
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        changed(jobName.apply(object));
      }
    };
  }

  private void changed(String jobName) {
    if (jobName != null && active.containsKey(jobName) && !closing) {
      decisions.execute(() -> evaluate(jobName));
    }
  }

  /** Looks at the attempt's Job and pods as the informers hold them and acts on what it sees. */
  private void evaluate(String name) {
    TrackedAttempt attempt = active.get(name);
    if (attempt == null || !attempt.created) {
      return;
    }
    Job job = jobs.getIndexer().getByKey(settings.namespace() + "/" + name);
    if (job == null) {
      jobGone(attempt);
      return;
    }
    attempt.seenJob = true;
    Observation observation = JobObservations.observe(job, pods.getIndexer().byIndex(BY_JOB, name));
    if (observation instanceof Observation.Queued) {
      attempt.createdAt = clock.instant(); // waiting for admission is not pending
    } else if (observation instanceof Observation.Pending pending) {
      pending(attempt, pending);
    } else if (observation instanceof Observation.Running running) {
      running(attempt, running);
    } else if (observation instanceof Observation.Succeeded succeeded) {
      succeeded(attempt, succeeded);
    } else {
      end(attempt, outcomeOf(attempt, (Failed) observation));
    }
  }

  private void jobGone(TrackedAttempt attempt) {
    if (attempt.cancelReason != null) {
      end(attempt, cancelled(attempt));
    } else if (attempt.seenJob) {
      end(
          attempt,
          failed(
              attempt,
              FailureReason.EXECUTOR_LOST,
              "its Job " + attempt.name + " was deleted outside Sluice",
              true,
              null,
              ""));
    }
  }

  private void pending(TrackedAttempt attempt, Observation.Pending pending) {
    Duration waited = Duration.between(attempt.createdAt, clock.instant());
    if (waited.compareTo(policy.pendingTimeout()) >= 0) {
      LOG.warnf("%s: pending too long: %s", attempt.key(), pending.detail());
      end(attempt, outcomeOf(attempt, JobObservations.pendingTooLong(pending, waited)));
    } else {
      schedulePendingCheck(attempt);
      if (pending.kind() != Observation.PendingKind.STARTING) {
        LOG.infof("%s: pending: %s", attempt.key(), pending.detail());
      }
    }
  }

  /**
   * Looks again when the attempt's pending time runs out, since nothing may change in the cluster
   * to wake the informers (a local timer, not a request to the API server).
   */
  private void schedulePendingCheck(TrackedAttempt attempt) {
    Instant due = attempt.createdAt.plus(policy.pendingTimeout());
    if (attempt.pendingCheckAt != null && !attempt.pendingCheckAt.isBefore(due)) {
      return;
    }
    attempt.pendingCheckAt = due;
    long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis()) + 100;
    decisions.schedule(() -> evaluate(attempt.name), delay, TimeUnit.MILLISECONDS);
  }

  private void running(TrackedAttempt attempt, Observation.Running running) {
    if (!attempt.startReported) {
      attempt.startReported = true;
      Instant since = running.since() == null ? clock.instant() : running.since();
      reports.execute(() -> attempt.listener.started(attempt.request, running.node(), since));
    }
  }

  private void succeeded(TrackedAttempt attempt, Observation.Succeeded succeeded) {
    running(attempt, new Observation.Running(succeeded.node(), null));
    AttemptOutcome outcome;
    try {
      outcome =
          results
              .read(JobSpecs.resultUri(settings, attempt.name), clock.instant())
              .<AttemptOutcome>map(result -> result.withImageDigest(succeeded.imageDigest()))
              .orElseGet(
                  () ->
                      failed(
                          attempt,
                          FailureReason.OUTPUT_UPLOAD_FAILED,
                          "stage-out ended well but left no result",
                          true,
                          null,
                          ""));
    } catch (StepFailure failure) {
      outcome =
          failed(attempt, failure.reason(), failure.getMessage(), failure.retryable(), null, "");
    }
    end(attempt, outcome);
  }

  private AttemptOutcome.Failed outcomeOf(TrackedAttempt attempt, Failed failure) {
    boolean retryable =
        failure.retryable() != null
            ? failure.retryable()
            : attempt.request.retryPolicy().allowsAnotherAfter(attempt.request.attempt());
    String tail;
    if (failure.logContainer() == null) {
      tail = "";
    } else if (withholdsLog(attempt.request, failure.logContainer())) {
      tail = withheldTail(failure.podName());
    } else {
      tail =
          applier.logTail(
              settings.namespace(),
              failure.podName(),
              failure.logContainer(),
              policy.logTailBytes());
    }
    return failed(
        attempt, failure.reason(), failure.message(), retryable, failure.exitCode(), tail);
  }

  /**
   * A step container with secrets may have printed them, and the launcher cannot mask values it
   * never reads (it has no access to Secrets, by design): its log stays in the cluster.
   */
  static boolean withholdsLog(StepRequested request, String container) {
    return JobSpecs.STEP.equals(container) && !request.secretRefs().isEmpty();
  }

  static String withheldTail(String pod) {
    return "(log tail withheld: the step gets secrets, which the launcher cannot read to mask;"
        + " read it with kubectl logs "
        + pod
        + " -c "
        + JobSpecs.STEP
        + ")";
  }

  /**
   * Hands the outcome over once the step's log is kept, and only then deletes the Job: the log is
   * read from the pod, which goes with the Job, and whoever sees the step end can read its log.
   */
  private void end(TrackedAttempt attempt, AttemptOutcome outcome) {
    if (!active.remove(attempt.name, attempt)) {
      return;
    }
    boolean failedRun = outcome instanceof AttemptOutcome.Failed;
    // A failed pod may still hold a GPU (stage-out waits for an exit code that never comes).
    boolean delete = attempt.created && (policy.deleteWhenDone() || failedRun);
    Optional<String> pod =
        attempt.created
            ? StepPodLogs.podThatRanTheStep(pods.getIndexer().byIndex(BY_JOB, attempt.name))
            : Optional.empty();
    ending.put(attempt.name, attempt);
    logKeepers.execute(
        () -> {
          logs.keep(attempt.request, pod);
          if (delete && !closing) {
            decisions.execute(() -> applier.delete(settings.namespace(), attempt.name));
          }
          reports.execute(
              () -> {
                try {
                  attempt.listener.ended(attempt.request, outcome);
                } finally {
                  ending.remove(attempt.name, attempt);
                }
              });
        });
    admitWaiting(attempt.queue);
  }

  private void admitWaiting(String queue) {
    PriorityQueue<TrackedAttempt> queued = queueOf(queue);
    while (!queued.isEmpty() && occupied(queue) < policy.maxRunningPerQueue()) {
      create(queued.poll());
    }
  }

  /** Unfinished Jobs of the queue, as the informer sees them, plus ones created here since. */
  private int occupied(String queue) {
    String label = JobNames.labelValue(queue);
    Set<String> names = new HashSet<>();
    for (Job job : jobs.getIndexer().list()) {
      if (label.equals(job.getMetadata().getLabels().get(JobSpecs.QUEUE_LABEL)) && !finished(job)) {
        names.add(job.getMetadata().getName());
      }
    }
    active.values().stream()
        .filter(a -> a.created && a.queue.equals(queue))
        .forEach(a -> names.add(a.name));
    return names.size();
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  private PriorityQueue<TrackedAttempt> queueOf(String queue) {
    return waiting.computeIfAbsent(queue, q -> new PriorityQueue<>(TrackedAttempt.ORDER));
  }

  private AttemptOutcome.Failed cancelled(TrackedAttempt attempt) {
    return failed(
        attempt, FailureReason.CANCELLED, "cancelled: " + attempt.cancelReason, false, null, "");
  }

  private AttemptOutcome.Failed failed(
      TrackedAttempt attempt,
      FailureReason reason,
      String message,
      boolean retryable,
      Integer exitCode,
      String logTail) {
    return new AttemptOutcome.Failed(
        reason, message, retryable, exitCode, logTail, clock.instant());
  }

  private static String jobOf(HasMetadata pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(JobSpecs.JOB_LABEL);
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(LogIds.detached(task), name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Stops watching and reports nothing: the Jobs keep running, their attempts stay STARTED, and the
   * next launcher to start re-attaches to them.
   */
  @Override
  public void close() {
    closing = true;
    if (jobs != null) {
      jobs.close();
    }
    if (pods != null) {
      pods.close();
    }
    logKeepers.shutdownNow();
    decisions.shutdownNow();
    reports.shutdown();
    try {
      reports.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

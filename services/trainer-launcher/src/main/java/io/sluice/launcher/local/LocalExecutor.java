package io.sluice.launcher.local;

import io.sluice.eventing.LogIds;
import io.sluice.events.FailureReason;
import io.sluice.events.Resources;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.gpu.GpuAllocator;
import io.sluice.launcher.gpu.GpuDevice;
import io.sluice.launcher.step.StepLogStore;
import io.sluice.launcher.storage.ObjectStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs attempts as host processes on a fixed pool of worker threads, so at most {@code maxParallel}
 * steps run at once and the Kafka consumer never waits for one. A step that asks for GPUs gets that
 * many free devices of this host through {@code CUDA_VISIBLE_DEVICES} and waits, in arrival order,
 * while none are free; other steps see no GPU.
 */
public final class LocalExecutor implements Executor, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalExecutor.class);

  private final LocalSettings settings;
  private final ObjectStore store;
  private final SecretResolver secrets;
  private final StepLogStore logs;
  private final String node;
  private final Clock clock;
  private final ExecutorService workers;
  private final Map<AttemptKey, LocalAttempt> active = new ConcurrentHashMap<>();
  private final GpuAllocator gpus;
  private final boolean gpuFallbackToCpu;
  private final Deque<LaunchedStep> waitingForGpus = new ArrayDeque<>();
  private volatile boolean closing;

  /** An executor that keeps no step logs once attempts end. */
  public LocalExecutor(
      LocalSettings settings,
      ObjectStore store,
      SecretResolver secrets,
      String node,
      int maxParallel,
      Clock clock,
      GpuAllocator gpus,
      boolean gpuFallbackToCpu) {
    this(
        settings,
        store,
        secrets,
        StepLogStore.disabled(),
        node,
        maxParallel,
        clock,
        gpus,
        gpuFallbackToCpu);
  }

  /** {@code logs}: where each attempt's log goes when it ends. */
  public LocalExecutor(
      LocalSettings settings,
      ObjectStore store,
      SecretResolver secrets,
      StepLogStore logs,
      String node,
      int maxParallel,
      Clock clock,
      GpuAllocator gpus,
      boolean gpuFallbackToCpu) {
    this.settings = settings;
    this.logs = logs;
    this.gpus = gpus;
    this.gpuFallbackToCpu = gpuFallbackToCpu;
    this.store = store;
    this.secrets = secrets;
    this.node = node;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            maxParallel,
            maxParallel,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread =
                  new Thread(LogIds.detached(task), "local-step-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public String node() {
    return node;
  }

  /** Local commands start when a worker (and, for GPU steps, the devices) are free. */
  @Override
  public boolean reportsStart() {
    return true;
  }

  @Override
  public boolean launch(StepRequested request, AttemptListener listener) {
    LocalAttempt attempt = new LocalAttempt(request, settings, store, secrets, logs, clock);
    if (closing || active.putIfAbsent(attempt.key(), attempt) != null) {
      return false;
    }
    Resources resources = request.resources();
    LaunchedStep step = new LaunchedStep(attempt, request, listener);
    if (resources.gpuCount() == 0) {
      workers.execute(inAttempt(step, () -> runAndReport(step, List.of()))); // it sees no GPU
    } else if (gpus.couldEverGive(resources.gpuCount(), resources.gpuType())) {
      waitForGpus(step);
    } else if (gpuFallbackToCpu) {
      LOG.warnf("%s: %s; running it on the CPU", attempt.key(), noSuchGpus(resources));
      workers.execute(inAttempt(step, () -> runAndReport(step, List.of())));
    } else {
      AttemptOutcome refused =
          new AttemptOutcome.Failed(
              FailureReason.UNSCHEDULABLE, noSuchGpus(resources), false, null, "", clock.instant());
      workers.execute(inAttempt(step, () -> report(step, refused)));
    }
    return true;
  }

  /** Log lines of the step's work name its run, step and attempt, whoever queued it. */
  private static Runnable inAttempt(LaunchedStep step, Runnable work) {
    StepRequested request = step.request();
    return LogIds.forAttempt(request.runId(), request.stepName(), request.attempt(), work);
  }

  private void waitForGpus(LaunchedStep step) {
    synchronized (waitingForGpus) {
      waitingForGpus.add(step);
    }
    LOG.infof(
        "%s: waits for %d GPU(s)", step.attempt().key(), step.request().resources().gpuCount());
    startWaitingGpuSteps();
  }

  /** Starts waiting GPU steps in arrival order while the first in line gets its devices. */
  private void startWaitingGpuSteps() {
    synchronized (waitingForGpus) {
      while (!waitingForGpus.isEmpty()) {
        LaunchedStep next = waitingForGpus.peek();
        Resources resources = next.request().resources();
        Optional<List<GpuDevice>> devices = gpus.tryTake(resources.gpuCount(), resources.gpuType());
        if (devices.isEmpty()) {
          return;
        }
        waitingForGpus.poll();
        String visible = GpuAllocator.visibleDevices(devices.get());
        LOG.infof("%s: runs on GPU(s) %s", next.attempt().key(), visible);
        next.attempt().useGpus(visible);
        workers.execute(inAttempt(next, () -> runAndReport(next, devices.get())));
      }
    }
  }

  private String noSuchGpus(Resources resources) {
    String type = resources.gpuType() == null ? "" : " of type " + resources.gpuType();
    return "the step asks for "
        + resources.gpuCount()
        + " GPU(s)"
        + type
        + " but this host has "
        + (gpus.devices().isEmpty() ? "none" : gpus.devices().toString())
        + " (set sluice.launcher.gpu-fallback=cpu to run such steps on the CPU)";
  }

  private void runAndReport(LaunchedStep step, List<GpuDevice> devices) {
    AttemptOutcome outcome;
    try {
      LOG.infof("%s: running", step.attempt().key());
      outcome =
          step.attempt()
              .run(
                  at -> step.listener().started(step.request(), node, at),
                  process ->
                      step.listener()
                          .processStarted(step.request(), process.pid(), process.startedAt()));
    } catch (RuntimeException e) {
      outcome =
          new AttemptOutcome.Failed(
              FailureReason.INTERNAL, "launcher error: " + e, true, null, "", clock.instant());
    } finally {
      if (!devices.isEmpty()) {
        gpus.giveBack(devices);
      }
    }
    report(step, outcome);
    if (!devices.isEmpty()) {
      startWaitingGpuSteps();
    }
  }

  private void report(LaunchedStep step, AttemptOutcome outcome) {
    try {
      if (!closing) {
        step.listener().ended(step.request(), outcome);
      }
    } finally {
      active.remove(step.attempt().key());
    }
  }

  @Override
  public boolean cancel(AttemptKey key, String reason) {
    LocalAttempt attempt = active.get(key);
    if (attempt == null) {
      return false;
    }
    attempt.cancel(reason);
    LaunchedStep waiter = null;
    synchronized (waitingForGpus) {
      for (LaunchedStep candidate : waitingForGpus) {
        if (candidate.attempt().key().equals(key)) {
          waiter = candidate;
        }
      }
      waitingForGpus.remove(waiter);
    }
    if (waiter != null) {
      LaunchedStep cancelled = waiter;
      // Never started: it runs up to its cancellation check and reports CANCELLED.
      workers.execute(inAttempt(cancelled, () -> runAndReport(cancelled, List.of())));
    }
    return true;
  }

  /** An attempt with the request and listener it answers to. */
  private record LaunchedStep(
      LocalAttempt attempt, StepRequested request, AttemptListener listener) {}

  @Override
  public Set<AttemptKey> live() {
    return Set.copyOf(active.keySet());
  }

  /** Whether this attempt is queued or running here. */
  public boolean isActive(AttemptKey key) {
    return active.containsKey(key);
  }

  /**
   * Kills every running command and reports nothing: the attempts stay STARTED in the table and the
   * next launcher start reports them as EXECUTOR_LOST.
   */
  @Override
  public void close() {
    closing = true;
    active.values().forEach(attempt -> attempt.cancel("the launcher is shutting down"));
    workers.shutdownNow();
  }
}

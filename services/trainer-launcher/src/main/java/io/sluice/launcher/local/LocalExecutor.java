package io.sluice.launcher.local;

import io.sluice.events.FailureReason;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.storage.ObjectStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs attempts as host processes on a fixed pool of worker threads, so at most {@code maxParallel}
 * steps run at once and the Kafka consumer never waits for one.
 */
public final class LocalExecutor implements Executor, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalExecutor.class);

  private final LocalSettings settings;
  private final ObjectStore store;
  private final SecretResolver secrets;
  private final String node;
  private final Clock clock;
  private final ExecutorService workers;
  private final Map<AttemptKey, LocalAttempt> active = new ConcurrentHashMap<>();
  private volatile boolean closing;

  public LocalExecutor(
      LocalSettings settings,
      ObjectStore store,
      SecretResolver secrets,
      String node,
      int maxParallel,
      Clock clock) {
    this.settings = settings;
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
              Thread thread = new Thread(task, "local-step-" + threads.incrementAndGet());
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

  @Override
  public boolean launch(StepRequested request, AttemptListener listener) {
    LocalAttempt attempt = new LocalAttempt(request, settings, store, secrets, clock);
    if (closing || active.putIfAbsent(attempt.key(), attempt) != null) {
      return false;
    }
    workers.execute(() -> runAndReport(attempt, request, listener));
    return true;
  }

  private void runAndReport(LocalAttempt attempt, StepRequested request, AttemptListener listener) {
    AttemptOutcome outcome;
    try {
      LOG.infof("%s: running", attempt.key());
      outcome = attempt.run();
    } catch (RuntimeException e) {
      outcome =
          new AttemptOutcome.Failed(
              FailureReason.INTERNAL, "launcher error: " + e, true, null, "", clock.instant());
    }
    try {
      if (!closing) {
        listener.ended(request, outcome);
      }
    } finally {
      active.remove(attempt.key());
    }
  }

  @Override
  public boolean cancel(AttemptKey key, String reason) {
    LocalAttempt attempt = active.get(key);
    if (attempt == null) {
      return false;
    }
    attempt.cancel(reason);
    return true;
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

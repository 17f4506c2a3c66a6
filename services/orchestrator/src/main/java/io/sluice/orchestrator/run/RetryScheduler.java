package io.sluice.orchestrator.run;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Fires retry timers when they are due, on one thread of its own. It never polls fast: it sleeps
 * until the earliest timer is due, and is woken early when a transaction of this replica commits a
 * new timer. The timers live in the database, which it reads whenever it wakes (on start-up too),
 * so they survive restarts. A timer that another replica recorded is fired by that replica on time;
 * this one notices it within the recheck interval, which matters only if that replica died.
 */
@ApplicationScoped
public class RetryScheduler {

  private static final Logger LOG = Logger.getLogger(RetryScheduler.class);

  /** How soon to look again at a due timer whose run another transaction holds. */
  static final Duration BUSY_RUN_PAUSE = Duration.ofSeconds(1);

  private static final Duration FIRST_FAILURE_PAUSE = Duration.ofSeconds(1);

  private final DueRetries dueRetries;
  private final Duration recheckInterval;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  public RetryScheduler(DueRetries dueRetries, OrchestratorConfig config) {
    this.dueRetries = dueRetries;
    this.recheckInterval = config.retryRecheckInterval();
  }

  void onStart(@Observes StartupEvent startup) {
    start();
  }

  void onStop(@Observes ShutdownEvent shutdown) {
    stop();
  }

  /** Starts the scheduler thread, which first fires whatever is due already. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "retry-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the thread; timers stay in the database for the next start (or another replica). */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    wake();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the scheduler read the timers now, e.g. after a transaction committed a new one. */
  public void wake() {
    wakeUps.release();
  }

  private void run() {
    Duration failurePause = FIRST_FAILURE_PAUSE;
    while (running) {
      Duration sleep;
      try {
        sleep = sleepBefore(dueRetries.fire(), recheckInterval);
        failurePause = FIRST_FAILURE_PAUSE;
      } catch (RuntimeException e) {
        LOG.warnf(e, "firing retry timers failed; trying again in %s", failurePause);
        sleep = failurePause;
        failurePause = min(failurePause.multipliedBy(2), recheckInterval);
      }
      sleep(sleep);
    }
  }

  /** How long to sleep when the next timer is due in {@code untilNext} (empty: none waits). */
  static Duration sleepBefore(Optional<Duration> untilNext, Duration recheckInterval) {
    if (untilNext.isEmpty()) {
      return recheckInterval;
    }
    Duration next = untilNext.get();
    // Still due after firing everything this replica could lock: another transaction holds the run
    // (an event of it being applied, or another replica firing it) and will soon let it go.
    return next.isNegative() || next.isZero() ? BUSY_RUN_PAUSE : min(next, recheckInterval);
  }

  private void sleep(Duration duration) {
    try {
      if (wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        wakeUps.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

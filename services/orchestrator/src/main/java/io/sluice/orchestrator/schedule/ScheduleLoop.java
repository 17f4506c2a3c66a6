package io.sluice.orchestrator.schedule;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the {@link ScheduleFirer} on a thread of its own in every replica. It does not poll: it
 * sleeps until the earliest schedule is due, or for the recheck interval at most (a schedule that
 * another replica's registration planned is seen within it), and is woken at once when a
 * registration of this replica commits new schedules.
 */
@ApplicationScoped
public class ScheduleLoop {

  private static final Logger LOG = Logger.getLogger(ScheduleLoop.class);

  private static final Duration FIRST_FAILURE_PAUSE = Duration.ofSeconds(1);

  private final ScheduleFirer firer;
  private final OrchestratorConfig.Schedules config;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile boolean running;
  private Thread thread;

  public ScheduleLoop(ScheduleFirer firer, OrchestratorConfig config) {
    this.firer = firer;
    this.config = config.schedules();
  }

  void onStart(@Observes StartupEvent startup) {
    if (config.enabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent shutdown) {
    stop();
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "schedule-loop");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the thread; the schedules stay in the database for the next start or other replicas. */
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

  /** Makes the loop read the schedules now (after a registration re-planned them). */
  public void wake() {
    wakeUps.release();
  }

  private void run() {
    Duration failurePause = FIRST_FAILURE_PAUSE;
    while (running) {
      Duration sleep;
      try {
        Instant now = Instant.now();
        sleep = sleepBefore(firer.fireDue(now), now, config.recheckInterval());
        failurePause = FIRST_FAILURE_PAUSE;
      } catch (RuntimeException e) {
        LOG.warnf(e, "firing schedules failed; trying again in %s", failurePause);
        sleep = failurePause;
        failurePause = min(failurePause.multipliedBy(2), config.recheckInterval());
      }
      sleep(sleep);
    }
  }

  /**
   * How long to sleep when the earliest schedule is due at {@code next}: until then, at most the
   * recheck interval, and at least a moment when it is due already (another replica holds it).
   */
  static Duration sleepBefore(Optional<Instant> next, Instant now, Duration recheckInterval) {
    if (next.isEmpty()) {
      return recheckInterval;
    }
    Duration until = Duration.between(now, next.get());
    return until.compareTo(Duration.ofMillis(200)) < 0
        ? Duration.ofMillis(200)
        : min(until, recheckInterval);
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

package io.sluice.orchestrator.run;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;

/**
 * Fires retry timers when they are due, on one thread of its own. It never polls fast: it sleeps
 * until the earliest timer is due, and is woken early when a transaction of this replica commits a
 * new timer. The timers live in the database, which it reads whenever it wakes (on start-up too),
 * so they survive restarts. A timer that another replica recorded is fired by that replica on time;
 * this one notices it within the recheck interval, which matters only if that replica died.
 */
@ApplicationScoped
public class RetryScheduler {

  /** How soon to look again at a due timer whose run another transaction holds. */
  static final Duration BUSY_RUN_PAUSE = Duration.ofSeconds(1);

  private final DueTimeLoop loop;

  public RetryScheduler(DueRetries dueRetries, OrchestratorConfig config) {
    Duration recheckInterval = config.retryRecheckInterval();
    this.loop =
        new DueTimeLoop(
            "retry-scheduler",
            "firing retry timers",
            recheckInterval,
            () -> sleepBefore(dueRetries.fire(), recheckInterval));
  }

  void onStart(@Observes StartupEvent startup) {
    start();
  }

  void onStop(@Observes ShutdownEvent shutdown) {
    stop();
  }

  /** Starts the scheduler thread, which first fires whatever is due already. */
  public void start() {
    loop.start();
  }

  /** Stops the thread; timers stay in the database for the next start (or another replica). */
  public void stop() {
    loop.stop();
  }

  /** Makes the scheduler read the timers now, e.g. after a transaction committed a new one. */
  public void wake() {
    loop.wake();
  }

  /** How long to sleep when the next timer is due in {@code untilNext} (empty: none waits). */
  static Duration sleepBefore(Optional<Duration> untilNext, Duration recheckInterval) {
    if (untilNext.isEmpty()) {
      return recheckInterval;
    }
    Duration next = untilNext.get();
    // Still due after firing everything this replica could lock: another transaction holds the run
    // (an event of it being applied, or another replica firing it) and will soon let it go.
    return next.isNegative() || next.isZero()
        ? BUSY_RUN_PAUSE
        : DueTimeLoop.min(next, recheckInterval);
  }
}

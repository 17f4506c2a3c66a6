package io.sluice.orchestrator.schedule;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.orchestrator.config.OrchestratorConfig;
import io.sluice.orchestrator.run.DueTimeLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs the {@link ScheduleFirer} on a thread of its own in every replica. It does not poll: it
 * sleeps until the earliest schedule is due, or for the recheck interval at most (a schedule that
 * another replica's registration planned is seen within it), and is woken at once when a
 * registration of this replica commits new schedules.
 */
@ApplicationScoped
public class ScheduleLoop {

  private final OrchestratorConfig.Schedules config;
  private final DueTimeLoop loop;

  public ScheduleLoop(ScheduleFirer firer, OrchestratorConfig config) {
    this.config = config.schedules();
    Duration recheckInterval = this.config.recheckInterval();
    this.loop =
        new DueTimeLoop(
            "schedule-loop",
            "firing schedules",
            recheckInterval,
            () -> {
              Instant now = Instant.now();
              return sleepBefore(firer.fireDue(now), now, recheckInterval);
            });
  }

  void onStart(@Observes StartupEvent startup) {
    if (config.enabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent shutdown) {
    stop();
  }

  public void start() {
    loop.start();
  }

  /** Stops the thread; the schedules stay in the database for the next start or other replicas. */
  public void stop() {
    loop.stop();
  }

  /** Makes the loop read the schedules now (after a registration re-planned them). */
  public void wake() {
    loop.wake();
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
        : DueTimeLoop.min(until, recheckInterval);
  }
}

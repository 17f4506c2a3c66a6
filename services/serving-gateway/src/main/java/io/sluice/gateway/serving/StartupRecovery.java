package io.sluice.gateway.serving;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Serves the recorded versions again after a (re)start, on its own thread so that the process is
 * live at once; readiness stays down until it finished. An unreachable database or store is retried
 * with a growing pause.
 */
@ApplicationScoped
public class StartupRecovery {

  private static final Logger LOG = Logger.getLogger(StartupRecovery.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

  private final ServingState state;
  private volatile Thread thread;

  public StartupRecovery(ServingState state) {
    this.state = state;
  }

  void onStart(@Observes StartupEvent startup) {
    thread = new Thread(this::recoverUntilDone, "sluice-gateway-recovery");
    thread.setDaemon(true);
    thread.start();
  }

  private void recoverUntilDone() {
    Duration pause = FIRST_PAUSE;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        state.recoverAll();
        LOG.info("start-up recovery done; ready to serve");
        return;
      } catch (RuntimeException e) {
        LOG.warnf(
            "start-up recovery failed, retrying in %d ms: %s", pause.toMillis(), e.getMessage());
        if (!pauseFor(pause)) {
          return;
        }
        pause =
            pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
                ? LONGEST_PAUSE
                : pause.multipliedBy(2);
      }
    }
  }

  // A back-off between retries of an unreachable dependency, not a wait for an outcome.
  private static boolean pauseFor(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @PreDestroy
  void stop() {
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
  }
}

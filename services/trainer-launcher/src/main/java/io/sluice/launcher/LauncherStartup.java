package io.sluice.launcher;

import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.LogIds;
import io.sluice.launcher.attempt.AttemptHeartbeats;
import io.sluice.launcher.attempt.AttemptRecovery;
import io.sluice.launcher.attempt.LauncherIdentity;
import io.sluice.launcher.attempt.OwnerLock;
import io.sluice.launcher.config.LauncherConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * At startup, before any subscription consumes: takes this launcher's owner lock, answers for the
 * attempts of its own previous life (same instance id) and of gone launchers; then, every third of
 * the heartbeat lease, checks the lock and heartbeats the attempts it owns, and every {@code
 * recovery-interval} looks again for attempts of launchers that are gone.
 */
@ApplicationScoped
public class LauncherStartup {

  private static final Logger LOG = Logger.getLogger(LauncherStartup.class);

  private final OwnerLock lock;
  private final AttemptRecovery recovery;
  private final AttemptHeartbeats heartbeats;
  private final LauncherIdentity identity;
  private final LauncherConfig config;
  private final ScheduledExecutorService rounds =
      Executors.newScheduledThreadPool(
          2,
          task -> {
            Thread thread = new Thread(LogIds.detached(task), "attempt-leases");
            thread.setDaemon(true);
            return thread;
          });

  public LauncherStartup(
      OwnerLock lock,
      AttemptRecovery recovery,
      AttemptHeartbeats heartbeats,
      LauncherIdentity identity,
      LauncherConfig config) {
    this.lock = lock;
    this.recovery = recovery;
    this.heartbeats = heartbeats;
    this.identity = identity;
    this.config = config;
  }

  void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup)
      throws SQLException {
    if (!lock.acquire()) {
      throw new IllegalStateException(
          "launcher instance id " + identity.instanceId() + " is in use by a running launcher");
    }
    LOG.infof("launcher %s on %s", identity.instanceId(), identity.node());
    int previous = recovery.recoverPreviousLife(identity.instanceId());
    if (previous > 0) {
      LOG.warnf("answered for %d attempts of this launcher's previous run", previous);
    }
    recoverLostAttempts();
    long beat = Math.max(1, config.heartbeat().lease().toMillis() / 3);
    rounds.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    // Replicas live on while others die: look again now and then (one indexed query, no API call).
    long every = config.recoveryInterval().toMillis();
    rounds.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    try {
      lock.check();
      heartbeats.beat();
    } catch (RuntimeException e) {
      LOG.warnf("heartbeat round failed, trying again next round: %s", e.getMessage());
    }
  }

  private void recheck() {
    try {
      recoverLostAttempts();
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("looking for attempts of stopped launchers failed: %s", e.getMessage());
    }
  }

  /**
   * Reports (or, for Jobs, re-attaches to) every lapsed STARTED attempt of a launcher that is gone;
   * returns how many. Declares nothing while this launcher does not hold its own lock.
   */
  public synchronized int recoverLostAttempts() throws SQLException {
    int reported = recovery.recover(lock, identity.instanceId());
    if (reported > 0) {
      LOG.warnf("recovered %d attempts of stopped launchers", reported);
    }
    return reported;
  }

  @PreDestroy
  synchronized void stop() {
    rounds.shutdownNow();
  }
}

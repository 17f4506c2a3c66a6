package io.sluice.launcher;

import io.quarkus.runtime.StartupEvent;
import io.sluice.launcher.attempt.AttemptRecovery;
import io.sluice.launcher.attempt.LauncherIdentity;
import io.sluice.launcher.attempt.OwnerLocks;
import io.sluice.launcher.config.LauncherConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * At startup, before any subscription consumes: takes this launcher's owner lock (held for its
 * whole life on one dedicated session) and recovers the attempts of dead launchers; then looks
 * again every {@code recovery-interval}, since with several replicas one may die while others run.
 */
@ApplicationScoped
public class LauncherStartup {

  private static final Logger LOG = Logger.getLogger(LauncherStartup.class);

  private final DataSource dataSource;
  private final AttemptRecovery recovery;
  private final LauncherIdentity identity;
  private final LauncherConfig config;
  private final ScheduledExecutorService rechecks =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "attempt-recovery");
            thread.setDaemon(true);
            return thread;
          });
  private Connection lockSession;

  public LauncherStartup(
      DataSource dataSource,
      AttemptRecovery recovery,
      LauncherIdentity identity,
      LauncherConfig config) {
    this.dataSource = dataSource;
    this.recovery = recovery;
    this.identity = identity;
    this.config = config;
  }

  void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup)
      throws SQLException {
    lockSession = dataSource.getConnection();
    lockSession.setAutoCommit(true);
    if (!OwnerLocks.tryLock(lockSession, identity.instanceId())) {
      throw new IllegalStateException(
          "launcher instance id " + identity.instanceId() + " is in use by a running launcher");
    }
    LOG.infof("launcher %s on %s", identity.instanceId(), identity.node());
    recoverLostAttempts();
    // Replicas live on while others die: look again now and then (one indexed query, no API call).
    long every = config.recoveryInterval().toMillis();
    rechecks.scheduleWithFixedDelay(this::recheck, every, every, TimeUnit.MILLISECONDS);
  }

  private void recheck() {
    try {
      recoverLostAttempts();
    } catch (SQLException | RuntimeException e) {
      LOG.warnf("looking for attempts of stopped launchers failed: %s", e.getMessage());
    }
  }

  /**
   * Reports (or, for Jobs, re-attaches to) every STARTED attempt of a launcher that is gone;
   * returns how many.
   */
  public synchronized int recoverLostAttempts() throws SQLException {
    int reported = recovery.recover(lockSession, identity.instanceId());
    if (reported > 0) {
      LOG.warnf("recovered %d attempts of stopped launchers", reported);
    }
    return reported;
  }

  @PreDestroy
  synchronized void stop() {
    rechecks.shutdownNow();
    if (lockSession == null) {
      return;
    }
    try (Connection session = lockSession) {
      OwnerLocks.unlock(session, identity.instanceId());
    } catch (SQLException e) {
      LOG.warnf("owner lock not released cleanly: %s", e.getMessage());
    }
  }
}

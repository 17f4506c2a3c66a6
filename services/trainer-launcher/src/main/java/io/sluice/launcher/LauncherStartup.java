package io.sluice.launcher;

import io.quarkus.runtime.StartupEvent;
import io.sluice.launcher.attempt.AttemptRecovery;
import io.sluice.launcher.attempt.LauncherIdentity;
import io.sluice.launcher.attempt.OwnerLocks;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * At startup, before any subscription consumes: takes this launcher's owner lock (held for its
 * whole life on one dedicated session) and reports attempts lost with dead launchers.
 */
@ApplicationScoped
public class LauncherStartup {

  private static final Logger LOG = Logger.getLogger(LauncherStartup.class);

  private final DataSource dataSource;
  private final AttemptRecovery recovery;
  private final LauncherIdentity identity;
  private Connection lockSession;

  public LauncherStartup(
      DataSource dataSource, AttemptRecovery recovery, LauncherIdentity identity) {
    this.dataSource = dataSource;
    this.recovery = recovery;
    this.identity = identity;
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
  }

  /** Reports every STARTED attempt of a launcher that is gone; returns how many. */
  public synchronized int recoverLostAttempts() throws SQLException {
    int reported = recovery.recover(lockSession, identity.instanceId());
    if (reported > 0) {
      LOG.warnf("reported %d attempts lost with stopped launchers", reported);
    }
    return reported;
  }

  @PreDestroy
  synchronized void stop() {
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

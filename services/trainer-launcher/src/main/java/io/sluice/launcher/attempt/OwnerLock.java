package io.sluice.launcher.attempt;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * This launcher's {@link OwnerLocks owner lock}, held on a session of its own (never a pooled
 * connection that someone else might close or recycle) and checked with a round trip before every
 * use and on every heartbeat. When the session is gone so is the lock: the launcher then knows it,
 * stops recording new attempts and declaring others lost, and takes the lock again on a new session
 * as soon as it is free. Meanwhile another replica may see the lock free, but it declares nothing
 * lost while this launcher's heartbeats keep its attempts' leases fresh.
 */
public final class OwnerLock implements AutoCloseable {

  /** Opens a new database session for the lock, outside any pool. */
  @FunctionalInterface
  public interface Sessions {
    Connection open() throws SQLException;
  }

  /** Work on the lock session while the lock is held. */
  @FunctionalInterface
  public interface SessionWork<T> {
    T run(Connection session) throws SQLException;
  }

  private static final Logger LOG = Logger.getLogger(OwnerLock.class);
  private static final int CHECK_TIMEOUT_SECONDS = 5;

  private final Sessions sessions;
  private final String owner;
  private Connection session;
  private volatile boolean held;

  public OwnerLock(Sessions sessions, String owner) {
    this.sessions = sessions;
    this.owner = owner;
  }

  /** Takes the lock; false when another session holds it (a live launcher with this id). */
  public synchronized boolean acquire() throws SQLException {
    closeSession();
    Connection opened = sessions.open();
    opened.setAutoCommit(true);
    if (!OwnerLocks.tryLock(opened, owner)) {
      opened.close();
      return false;
    }
    session = opened;
    held = true;
    return true;
  }

  /** Whether the lock was held at the last check (no round trip). */
  public boolean held() {
    return held;
  }

  /**
   * Checks the session with a round trip; when it is gone, tries once to take the lock again on a
   * new one. Returns whether the lock is held now.
   */
  public synchronized boolean check() {
    if (held && alive()) {
      return true;
    }
    if (held) {
      held = false;
      LOG.errorf("owner lock of %s lost with its database session; taking it again", owner);
    }
    try {
      if (acquire()) {
        LOG.warnf("owner lock of %s taken again", owner);
      }
    } catch (SQLException e) {
      LOG.warnf("owner lock of %s not taken again yet: %s", owner, e.getMessage());
    }
    return held;
  }

  /**
   * Runs {@code work} on the lock session only if a round trip shows the lock held right now;
   * returns null (nothing ran) otherwise.
   */
  public synchronized <T> T whileHeld(SessionWork<T> work) throws SQLException {
    if (!check()) {
      return null;
    }
    return work.run(session);
  }

  private boolean alive() {
    try (Statement probe = session.createStatement()) {
      probe.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
      probe.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private void closeSession() {
    if (session == null) {
      return;
    }
    try {
      session.close();
    } catch (SQLException e) {
      // Gone already: that is why it is replaced.
    }
    session = null;
  }

  /** Releases the lock (a clean stop) and closes the session. */
  @Override
  public synchronized void close() {
    if (session != null && held) {
      try {
        OwnerLocks.unlock(session, owner);
      } catch (SQLException e) {
        LOG.warnf("owner lock not released cleanly: %s", e.getMessage());
      }
    }
    held = false;
    closeSession();
  }
}

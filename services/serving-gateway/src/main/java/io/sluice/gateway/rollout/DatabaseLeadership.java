package io.sluice.gateway.rollout;

import io.sluice.eventing.AdvisoryLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Rollout leadership held as a Postgres session-level advisory lock on a connection of its own (as
 * the outbox relay holds its own), for local mode and as the default.
 *
 * <p>Postgres drops the lock when the session ends: the holder closes, its process dies (the kernel
 * closes the socket and the server sees it at once), or its machine vanishes (the server's TCP
 * keepalives, set for this session, notice within {@value #DEAD_PEER_SECONDS} s). A follower
 * retries every {@code retryInterval} on its own connection.
 *
 * <p>The leader checks its session every {@code heartbeatInterval} and counts itself leader only
 * until {@code 2 x heartbeatInterval} after the last check that was sent and answered: a broken or
 * hung connection therefore turns {@link #isLeader()} false within that time even while the check
 * is still waiting for an answer. A new leader waits the same {@code 2 x heartbeatInterval} after
 * taking the lock before it counts itself leader, which is how long its predecessor may still
 * believe it leads: the two never overlap. A successor takes over within {@code retryInterval + 2 x
 * heartbeatInterval} after the lock is released (plus the keepalive time when a machine vanished).
 */
public final class DatabaseLeadership implements RolloutLeadership, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DatabaseLeadership.class);

  /** How long the server takes to give up on a silent peer: idle + interval x count. */
  static final int DEAD_PEER_SECONDS = 5 + 2 * 3;

  /**
   * Without these the server keeps a vanished machine's session, and its lock, for the kernel's
   * default of over two hours. Ignored on Unix-socket connections, which cannot outlive their
   * machine.
   */
  private static final String SESSION_KEEPALIVES =
      "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3";

  private final Settings settings;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Object wakeUp = new Object();
  private volatile boolean holding;
  private volatile long confirmedUntilNanos;
  private volatile Thread thread;

  /**
   * @param lockKey the advisory lock; unique in the database (services share one)
   * @param retryInterval how often a follower tries to take the lock
   * @param heartbeatInterval how often the leader checks its session
   */
  public record Settings(
      String jdbcUrl,
      String username,
      String password,
      long lockKey,
      Duration retryInterval,
      Duration heartbeatInterval) {

    public Settings {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      requirePositive(retryInterval, "retryInterval");
      requirePositive(heartbeatInterval, "heartbeatInterval");
    }

    /** How long one answered check keeps this replica the leader. */
    Duration validity() {
      return heartbeatInterval.multipliedBy(2);
    }

    private static void requirePositive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
    }
  }

  public DatabaseLeadership(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public void start() {
    if (running.compareAndSet(false, true)) {
      Thread t = new Thread(this::runUntilClosed, "sluice-rollout-leadership");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  @Override
  public boolean isLeader() {
    return running.get() && holding && System.nanoTime() - confirmedUntilNanos < 0;
  }

  private void runUntilClosed() {
    while (running.get()) {
      try (Connection connection = connect()) {
        while (running.get()) {
          if (AdvisoryLock.tryAcquire(connection, settings.lockKey())) {
            lead(connection);
          } else {
            pause(settings.retryInterval());
          }
        }
      } catch (SQLException e) {
        if (running.get()) {
          LOG.warnf(
              "rollout leadership lost its database connection, retrying: %s", e.getMessage());
          pause(settings.retryInterval());
        }
      } finally {
        stepDown();
      }
    }
  }

  private Connection connect() throws SQLException {
    Connection connection =
        AdvisoryLock.connect(settings.jdbcUrl(), settings.username(), settings.password(), null);
    try (Statement keepalives = connection.createStatement()) {
      keepalives.execute(SESSION_KEEPALIVES);
    }
    // A read that hangs longer than the leader's validity fails instead of blocking the heartbeat.
    connection.setNetworkTimeout(Runnable::run, (int) settings.validity().toMillis());
    return connection;
  }

  /** Holds the lock until the connection fails (an exception) or the leadership is closed. */
  private void lead(Connection connection) throws SQLException {
    // The predecessor may count itself leader this long after its lock went away.
    pause(settings.validity());
    while (running.get()) {
      long sent = System.nanoTime();
      try (Statement check = connection.createStatement()) {
        check.execute("SELECT 1");
      }
      confirmedUntilNanos = sent + settings.validity().toNanos();
      if (!holding) {
        holding = true;
        LOG.info("this replica drives rollouts now (database advisory lock)");
      }
      pause(settings.heartbeatInterval());
    }
  }

  private void stepDown() {
    if (holding) {
      holding = false;
      LOG.info("this replica no longer drives rollouts");
    }
  }

  private void pause(Duration duration) {
    synchronized (wakeUp) {
      if (!running.get()) {
        return;
      }
      try {
        wakeUp.wait(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.set(false);
      }
    }
  }

  /** Gives the leadership up at once; the session ends, so a follower can take the lock. */
  @Override
  public void close() {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    holding = false;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(settings.validity().toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

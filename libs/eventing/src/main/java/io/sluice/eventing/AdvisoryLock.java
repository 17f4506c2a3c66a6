package io.sluice.eventing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A Postgres session-level advisory lock on a connection of its own: the way one replica of a
 * service becomes the only one doing something (publishing the outbox, driving rollouts).
 *
 * <p>The lock belongs to the database session, not to a transaction: it stays while the connection
 * lives and Postgres drops it when the session ends, whether the holder closes it, its process dies
 * or the server terminates the backend. That is why the connection must not come from a pool: a
 * pool would hand the session (and the lock) to someone else, or keep it after the holder is gone.
 */
public final class AdvisoryLock {

  private AdvisoryLock() {}

  /**
   * Opens an unpooled, auto-commit connection for holding a lock.
   *
   * @param schema the Postgres {@code currentSchema}, or null for the URL's default
   */
  public static Connection connect(String jdbcUrl, String username, String password, String schema)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", username);
    properties.setProperty("password", password);
    if (schema != null) {
      properties.setProperty("currentSchema", schema);
    }
    Connection connection = DriverManager.getConnection(jdbcUrl, properties);
    connection.setAutoCommit(true);
    return connection;
  }

  /**
   * Takes the lock without waiting. True when this session holds it now (also when it already did:
   * session locks are re-entrant), false when another session does.
   */
  public static boolean tryAcquire(Connection connection, long key) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      lock.setLong(1, key);
      try (ResultSet rs = lock.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}

package io.sluice.launcher.attempt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Tells live launchers from dead ones with Postgres session advisory locks: each launcher holds the
 * lock of its own instance id on a connection it keeps open for its whole life. Postgres releases
 * it when that session ends, however the launcher died, so a lock that can be taken names an owner
 * that is gone.
 */
public final class OwnerLocks {

  private OwnerLocks() {}

  /** Takes the lock of {@code owner} on {@code session}; false when another session holds it. */
  public static boolean tryLock(Connection session, String owner) throws SQLException {
    return call(session, "SELECT pg_try_advisory_lock(?)", owner);
  }

  public static void unlock(Connection session, String owner) throws SQLException {
    call(session, "SELECT pg_advisory_unlock(?)", owner);
  }

  private static boolean call(Connection session, String sql, String owner) throws SQLException {
    try (PreparedStatement statement = session.prepareStatement(sql)) {
      statement.setLong(1, keyOf(owner));
      try (ResultSet result = statement.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  /** A 64-bit lock key for an owner, namespaced so it never meets other services' locks. */
  static long keyOf(String owner) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("sluice.trainer-launcher.owner/" + owner).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < Long.BYTES; i++) {
        key = (key << 8) | (hash[i] & 0xFF);
      }
      return key;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

package io.sluice.bench.orchestrator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The commit durability the orchestrator's database runs with. The test kit's embedded PostgreSQL
 * commits without waiting for the disk ({@code synchronous_commit=off}), which hides what a commit
 * costs on a production server; {@code -Dbench.postgres.synchronousCommit=on} measures with it.
 */
final class DurabilitySetting {

  static final String PROPERTY = "bench.postgres.synchronousCommit";
  private static final Set<String> VALUES =
      Set.of("on", "off", "local", "remote_write", "remote_apply");

  private DurabilitySetting() {}

  /** Sets the requested value for new connections to {@code database}, then prints what holds. */
  static void apply(DataSource dataSource, String database) throws SQLException {
    String requested = System.getProperty(PROPERTY, "").trim();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      if (!requested.isEmpty()) {
        if (!VALUES.contains(requested)) {
          throw new IllegalArgumentException(PROPERTY + " must be one of " + VALUES);
        }
        statement.execute(
            "ALTER DATABASE \"" + database + "\" SET synchronous_commit = '" + requested + "'");
      }
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      System.out.printf(
          "[bench] PostgreSQL synchronous_commit=%s fsync=%s%n",
          show(statement, "synchronous_commit"), show(statement, "fsync"));
    }
  }

  private static String show(Statement statement, String setting) throws SQLException {
    try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
      result.next();
      return result.getString(1);
    }
  }
}

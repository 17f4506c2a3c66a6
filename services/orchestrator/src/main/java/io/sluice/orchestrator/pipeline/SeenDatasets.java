package io.sluice.orchestrator.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * JDBC access to {@code seen_datasets}: the datasets of which a version has arrived. It is what the
 * orchestrator can know about datasets, since it learns of them only from data.arrived.
 */
public final class SeenDatasets {

  /** Records that a version of {@code dataset} arrived; nothing when it was seen before. */
  public void markSeen(Connection connection, String dataset) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO seen_datasets (name) VALUES (?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, dataset);
      insert.executeUpdate();
    }
  }

  public boolean seen(Connection connection, String dataset) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM seen_datasets WHERE name = ?")) {
      select.setString(1, dataset);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }
}

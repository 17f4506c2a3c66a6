package io.sluice.ingest.drop;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Drops of QUIET_PERIOD datasets that saw objects but are not complete. The quiet period is
 * measured on the database clock from when ingest last heard of an object, so replicas agree.
 */
@ApplicationScoped
public class PendingDrops {

  /**
   * A drop whose quiet period has passed.
   *
   * @param dataset the dataset name
   * @param dropFolder the drop folder
   */
  public record Due(String dataset, String dropFolder) {}

  /** Notes that an object arrived in the drop now, restarting its quiet period. */
  public void touch(Connection connection, String dataset, String dropFolder) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO pending_drop (dataset, drop_folder, last_object_at) VALUES (?, ?, now())"
                + " ON CONFLICT (dataset, drop_folder) DO UPDATE SET last_object_at = now()")) {
      upsert.setString(1, dataset);
      upsert.setString(2, dropFolder);
      upsert.executeUpdate();
    }
  }

  public void remove(Connection connection, String dataset, String dropFolder) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM pending_drop WHERE dataset = ? AND drop_folder = ?")) {
      delete.setString(1, dataset);
      delete.setString(2, dropFolder);
      delete.executeUpdate();
    }
  }

  /**
   * Locks one drop whose quiet period has passed, for the rest of the transaction; other replicas
   * skip it.
   */
  public Optional<Due> claimDue(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT p.dataset, p.drop_folder FROM pending_drop p JOIN dataset d"
                + " ON d.name = p.dataset WHERE d.quiet_seconds IS NOT NULL"
                + " AND p.last_object_at <= now() - make_interval(secs => d.quiet_seconds)"
                + " ORDER BY p.last_object_at LIMIT 1 FOR UPDATE OF p SKIP LOCKED")) {
      try (ResultSet rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(new Due(rows.getString(1), rows.getString(2)))
            : Optional.empty();
      }
    }
  }
}

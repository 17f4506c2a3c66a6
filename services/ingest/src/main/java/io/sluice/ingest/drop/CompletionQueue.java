package io.sluice.ingest.drop;

import io.sluice.events.Completion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code drop_completion} table: complete drops waiting to be read. Requests are idempotent
 * (one row per drop), claims are exclusive across replicas ({@code SKIP LOCKED} and a lease), and a
 * claim that outlives its lease is taken over, so a crashed worker loses no drop.
 */
@ApplicationScoped
public class CompletionQueue {

  /**
   * A drop one worker reads now.
   *
   * @param dataset the dataset name
   * @param dropFolder the drop folder
   * @param completion what completed it
   * @param generation the request it answers; a later request raises it
   * @param claim this worker's claim, checked when the outcome is recorded
   * @param attempts how often the drop was claimed, this time included
   */
  public record Claimed(
      String dataset,
      String dropFolder,
      Completion completion,
      int generation,
      UUID claim,
      int attempts) {}

  /** Asks for the drop to be read (again, if it is being read now). */
  public void request(
      Connection connection, String dataset, String dropFolder, Completion completion)
      throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO drop_completion (dataset, drop_folder, completion) VALUES (?, ?, ?)"
                + " ON CONFLICT (dataset, drop_folder) DO UPDATE SET completion ="
                + " EXCLUDED.completion, generation = drop_completion.generation + 1,"
                + " requested_at = now()")) {
      upsert.setString(1, dataset);
      upsert.setString(2, dropFolder);
      upsert.setString(3, completion.name());
      upsert.executeUpdate();
    }
  }

  /**
   * Asks for a drop that was never completed, waits for no completion and is not pending; true if
   * this call asked. Drops written ({@code writtenAt}, the store's clock, whole seconds) before the
   * second the dataset was registered are left alone: registering a dataset over old folders does
   * not replay them.
   */
  public boolean requestIfNeverCompleted(
      Connection connection,
      String dataset,
      String dropFolder,
      Completion completion,
      Instant writtenAt)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO drop_completion (dataset, drop_folder, completion)"
                + " SELECT d.name, ?, ? FROM dataset d WHERE d.name = ? AND date_trunc('second', d.created_at) <= ?"
                + " AND NOT EXISTS (SELECT 1 FROM drop_outcome o"
                + " WHERE o.dataset = d.name AND o.drop_folder = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM pending_drop p"
                + " WHERE p.dataset = d.name AND p.drop_folder = ?)"
                + " ON CONFLICT (dataset, drop_folder) DO NOTHING")) {
      insert.setString(1, dropFolder);
      insert.setString(2, completion.name());
      insert.setString(3, dataset);
      insert.setTimestamp(4, Timestamp.from(writtenAt));
      insert.setString(5, dropFolder);
      insert.setString(6, dropFolder);
      return insert.executeUpdate() == 1;
    }
  }

  /**
   * Claims the oldest drop nobody reads, for {@code lease}; empty when there is none.
   *
   * <p>The drop is picked in a {@code MATERIALIZED} CTE, not a subquery in {@code UPDATE ... FROM}:
   * when the table's statistics say it holds about one row (a queue is mostly empty when autovacuum
   * looks), the planner may put the subquery on the inner side of a nested loop and run it again
   * for every row, and each run skips the rows this statement already updated, so one claim took
   * every waiting drop while the worker read only the first; the others waited out the lease.
   */
  public Optional<Claimed> claim(Connection connection, Duration lease) throws SQLException {
    UUID claim = UUID.randomUUID();
    try (PreparedStatement update =
        connection.prepareStatement(
            "WITH due AS MATERIALIZED (SELECT dataset, drop_folder FROM drop_completion"
                + " WHERE claimed_until IS NULL OR claimed_until < now() ORDER BY requested_at"
                + " LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE drop_completion c SET claim = ?,"
                + " attempts = c.attempts + 1, claimed_until = now() + make_interval(secs => ?)"
                + " FROM due WHERE c.dataset = due.dataset AND c.drop_folder = due.drop_folder"
                + " RETURNING c.dataset, c.drop_folder, c.completion, c.generation, c.attempts")) {
      update.setObject(1, claim);
      update.setDouble(2, lease.toMillis() / 1000.0);
      try (ResultSet rows = update.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Claimed(
                rows.getString(1),
                rows.getString(2),
                Completion.valueOf(rows.getString(3)),
                rows.getInt(4),
                claim,
                rows.getInt(5)));
      }
    }
  }

  /**
   * Locks the claimed row for the outcome's transaction; false when the claim was lost (its lease
   * ran out and another worker took the drop over).
   */
  public boolean stillHolds(Connection connection, Claimed claimed) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM drop_completion WHERE dataset = ? AND drop_folder = ? AND claim = ?"
                + " FOR UPDATE")) {
      select.setString(1, claimed.dataset());
      select.setString(2, claimed.dropFolder());
      select.setObject(3, claimed.claim());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /**
   * Ends the claim after the outcome was recorded: removes the request, or releases it when a newer
   * request came in while the drop was read.
   */
  public void done(Connection connection, Claimed claimed) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM drop_completion WHERE dataset = ? AND drop_folder = ? AND claim = ?"
                + " AND generation = ?")) {
      delete.setString(1, claimed.dataset());
      delete.setString(2, claimed.dropFolder());
      delete.setObject(3, claimed.claim());
      delete.setInt(4, claimed.generation());
      if (delete.executeUpdate() == 1) {
        return;
      }
    }
    retryAfter(connection, claimed, Duration.ZERO);
  }

  /** Releases the claim so that the drop is read again after {@code delay}. */
  public void retryAfter(Connection connection, Claimed claimed, Duration delay)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE drop_completion SET claim = NULL, claimed_until = now() + make_interval(secs"
                + " => ?) WHERE dataset = ? AND drop_folder = ? AND claim = ?")) {
      update.setDouble(1, delay.toMillis() / 1000.0);
      update.setString(2, claimed.dataset());
      update.setString(3, claimed.dropFolder());
      update.setObject(4, claimed.claim());
      update.executeUpdate();
    }
  }
}

package io.sluice.orchestrator.run;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The watchdog's SQL: which current attempts and runs are overdue, locked so that each is judged
 * once however many replicas look, and the counts behind its gauges. Always on the caller's
 * transaction.
 */
final class WatchdogStore {

  /**
   * A current attempt that is overdue.
   *
   * @param pastDeadline true when it passed its deadline, false when only its lease ended
   */
  record Overdue(
      UUID runId,
      String stepName,
      int attempt,
      Instant leaseEndsAt,
      Instant startedAt,
      boolean pastDeadline) {}

  /** What the gauges show. */
  record Counts(long leaseExpired, long neverHeartbeated, long runsPastDeadline) {}

  private static final String STARTED_PAST_TIMEOUT =
      "(s.started_at IS NOT NULL AND s.timeout_seconds IS NOT NULL"
          + " AND s.started_at + make_interval(secs => s.timeout_seconds) < ?)";
  private static final String WAITING_PAST_DEADLINE =
      "(s.started_at IS NULL AND s.deadline_at < ?)";

  /**
   * Locks up to {@code limit} current attempts of running runs whose lease ended before {@code
   * leaseCutoff}, or whose deadline passed before {@code deadlineCutoff}. Rows another transaction
   * holds (an event of the run being applied, another replica judging it) are skipped.
   */
  List<Overdue> lockOverdueAttempts(
      Connection connection, Instant leaseCutoff, Instant deadlineCutoff, int limit)
      throws SQLException {
    String pastDeadline = "(" + STARTED_PAST_TIMEOUT + " OR " + WAITING_PAST_DEADLINE + ")";
    String sql =
        "SELECT s.run_id, s.step_name, s.attempt, s.lease_ends_at, s.started_at, "
            + pastDeadline
            + " FROM run_steps s JOIN runs r ON r.id = s.run_id"
            + " WHERE r.state = 'RUNNING' AND s.state = 'REQUESTED'"
            + " AND (s.lease_ends_at < ? OR "
            + pastDeadline
            + ") ORDER BY s.requested_at LIMIT ? FOR UPDATE OF r, s SKIP LOCKED";
    Timestamp deadline = Timestamp.from(deadlineCutoff);
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setTimestamp(1, deadline);
      select.setTimestamp(2, deadline);
      select.setTimestamp(3, Timestamp.from(leaseCutoff));
      select.setTimestamp(4, deadline);
      select.setTimestamp(5, deadline);
      select.setInt(6, limit);
      List<Overdue> overdue = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          overdue.add(
              new Overdue(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getInt(3),
                  instant(rs.getTimestamp(4)),
                  instant(rs.getTimestamp(5)),
                  rs.getBoolean(6)));
        }
      }
      return overdue;
    }
  }

  /** Locks up to {@code limit} running runs whose own deadline passed before {@code cutoff}. */
  List<UUID> lockRunsPastDeadline(Connection connection, Instant cutoff, int limit)
      throws SQLException {
    String sql =
        "SELECT id FROM runs WHERE state = 'RUNNING' AND deadline_at < ?"
            + " ORDER BY deadline_at LIMIT ? FOR UPDATE SKIP LOCKED";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setTimestamp(1, Timestamp.from(cutoff));
      select.setInt(2, limit);
      List<UUID> ids = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      return ids;
    }
  }

  /**
   * Counts on the database's clock, without grace: attempts of running runs whose lease has ended,
   * attempts requested longer than {@code silentAfter} ago that no heartbeat was ever received for,
   * and running runs past their own or one of their attempts' deadline.
   */
  Counts counts(Connection connection, Duration silentAfter) throws SQLException {
    String attempts =
        "SELECT count(*) FILTER (WHERE s.lease_ends_at < now()),"
            + " count(*) FILTER (WHERE s.lease_ends_at IS NULL"
            + " AND s.requested_at < now() - make_interval(secs => ?))"
            + " FROM run_steps s JOIN runs r ON r.id = s.run_id"
            + " WHERE r.state = 'RUNNING' AND s.state = 'REQUESTED'";
    String runs =
        "SELECT count(DISTINCT r.id) FROM runs r"
            + " LEFT JOIN run_steps s ON s.run_id = r.id AND s.state = 'REQUESTED'"
            + " WHERE r.state = 'RUNNING' AND (r.deadline_at < now() OR "
            + STARTED_PAST_TIMEOUT.replace("?", "now()")
            + " OR "
            + WAITING_PAST_DEADLINE.replace("?", "now()")
            + ")";
    long leaseExpired;
    long neverHeartbeated;
    try (PreparedStatement select = connection.prepareStatement(attempts)) {
      select.setLong(1, silentAfter.toSeconds());
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        leaseExpired = rs.getLong(1);
        neverHeartbeated = rs.getLong(2);
      }
    }
    try (PreparedStatement select = connection.prepareStatement(runs);
        ResultSet rs = select.executeQuery()) {
      rs.next();
      return new Counts(leaseExpired, neverHeartbeated, rs.getLong(1));
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}

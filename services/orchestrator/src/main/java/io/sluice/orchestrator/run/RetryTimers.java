package io.sluice.orchestrator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * JDBC access to retry timers: steps in {@link StepState#WAITING_FOR_RETRY} until {@code retry_at},
 * always on the caller's transaction. Due times are on the database's clock, so replicas whose
 * clocks differ still agree on which timers are due.
 */
public final class RetryTimers {

  private static final ObjectMapper JSON = Json.mapper();

  /** A timer that is due: the step, the attempt that failed, and the failure it continues. */
  public record Due(String stepName, int failedAttempt, RetryCause cause) {}

  /**
   * Records that a step's failed attempt waits {@code delay} before the next one.
   *
   * @return when the next attempt is due
   */
  public Instant schedule(
      Connection connection,
      UUID runId,
      String stepName,
      String error,
      Instant startedAt,
      Instant finishedAt,
      Duration delay,
      RetryCause cause)
      throws SQLException {
    String sql =
        "UPDATE run_steps SET state = 'WAITING_FOR_RETRY', last_error = ?, started_at = ?,"
            + " finished_at = ?, retry_at = now() + make_interval(secs => ?),"
            + " retry_cause = ?::jsonb WHERE run_id = ? AND step_name = ? RETURNING retry_at";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, error);
      update.setObject(2, startedAt == null ? null : Timestamp.from(startedAt));
      update.setObject(3, Timestamp.from(finishedAt));
      update.setLong(4, delay.toSeconds());
      update.setString(5, write(cause));
      update.setObject(6, runId);
      update.setString(7, stepName);
      try (ResultSet rs = update.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("run " + runId + " has no step " + stepName);
        }
        return rs.getTimestamp(1).toInstant();
      }
    }
  }

  /**
   * Locks a running run that has a due timer, for the rest of the transaction. Runs that another
   * transaction holds are skipped: another replica is firing them, or an event of the run is being
   * applied (the scheduler looks again shortly).
   */
  public Optional<UUID> lockRunWithDueTimer(Connection connection) throws SQLException {
    String sql =
        "SELECT r.id FROM runs r JOIN run_steps s ON s.run_id = r.id"
            + " WHERE r.state = 'RUNNING' AND s.state = 'WAITING_FOR_RETRY'"
            + " AND s.retry_at <= now() ORDER BY s.retry_at LIMIT 1 FOR UPDATE OF r SKIP LOCKED";
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rs = select.executeQuery()) {
      return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
    }
  }

  /**
   * The due timers of a run the caller has locked. Read after taking the lock, so a timer that
   * another replica fired meanwhile is no longer among them.
   */
  public List<Due> due(Connection connection, UUID runId) throws SQLException {
    String sql =
        "SELECT step_name, attempt, retry_cause::text FROM run_steps WHERE run_id = ?"
            + " AND state = 'WAITING_FOR_RETRY' AND retry_at <= now() ORDER BY position";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setObject(1, runId);
      List<Due> due = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          due.add(new Due(rs.getString(1), rs.getInt(2), read(rs.getString(3))));
        }
      }
      return due;
    }
  }

  /**
   * Moves the due timers of a run {@code delay} into the future, so that a run whose retry cannot
   * be requested does not stay first in line ahead of every other run's timers.
   */
  public int postpone(Connection connection, UUID runId, Duration delay) throws SQLException {
    String sql =
        "UPDATE run_steps SET retry_at = now() + make_interval(secs => ?) WHERE run_id = ?"
            + " AND state = 'WAITING_FOR_RETRY' AND retry_at <= now()";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setLong(1, delay.toSeconds());
      update.setObject(2, runId);
      return update.executeUpdate();
    }
  }

  /**
   * How long until the earliest timer of a running run is due; zero or negative when one is due
   * already, empty when no step waits.
   */
  public Optional<Duration> untilNext(Connection connection) throws SQLException {
    String sql =
        "SELECT ceil(extract(epoch FROM min(s.retry_at) - clock_timestamp()) * 1000)::bigint"
            + " FROM run_steps s JOIN runs r ON r.id = s.run_id"
            + " WHERE s.state = 'WAITING_FOR_RETRY' AND r.state = 'RUNNING'";
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rs = select.executeQuery()) {
      rs.next();
      long millis = rs.getLong(1);
      return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }
  }

  private static String write(RetryCause cause) {
    try {
      return JSON.writeValueAsString(cause);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record of strings always serialises", e);
    }
  }

  private static RetryCause read(String json) {
    try {
      return JSON.readValue(json, RetryCause.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored retry cause no longer reads: " + json, e);
    }
  }
}

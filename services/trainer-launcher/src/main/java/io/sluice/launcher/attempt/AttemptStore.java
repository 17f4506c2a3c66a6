package io.sluice.launcher.attempt;

import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.local.StepProcessId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JDBC access to {@code launcher_attempts}, always on the caller's transaction. */
public final class AttemptStore {

  private static final String COLUMNS =
      "run_id, step_name, attempt, shard_index, state, owner, executor, node, correlation_id,"
          + " cause_event_id, traceparent, started_at";
  private static final String KEY =
      " WHERE run_id = ? AND step_name = ? AND attempt = ? AND shard_index = ?";

  /** Inserts a new attempt; false when the attempt was already recorded (nothing changes). */
  public boolean insert(Connection connection, StoredAttempt attempt) throws SQLException {
    return insert(connection, attempt, true, null);
  }

  /**
   * Inserts a new attempt with its request (JSON, to re-attach after a restart) and whether its
   * {@code step.started} is emitted now; false when the attempt was already recorded.
   */
  public boolean insert(
      Connection connection, StoredAttempt attempt, boolean startReported, String request)
      throws SQLException {
    String sql =
        "INSERT INTO launcher_attempts ("
            + COLUMNS
            + ", start_reported, request, heartbeat_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?, now())"
            + " ON CONFLICT DO NOTHING";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      int i = setKey(insert, attempt.key(), 1);
      insert.setString(i++, attempt.state().name());
      insert.setString(i++, attempt.owner());
      insert.setString(i++, attempt.executor());
      insert.setString(i++, attempt.node());
      insert.setString(i++, attempt.correlationId());
      insert.setString(i++, attempt.causeEventId());
      insert.setString(i++, attempt.traceparent());
      insert.setTimestamp(i++, Timestamp.from(attempt.startedAt()));
      insert.setBoolean(i++, startReported);
      insert.setString(i, request);
      return insert.executeUpdate() == 1;
    }
  }

  /** The attempt, locked against concurrent finishing until the transaction ends. */
  public Optional<StoredAttempt> findForUpdate(Connection connection, AttemptKey key)
      throws SQLException {
    List<StoredAttempt> found =
        query(
            connection,
            "SELECT " + COLUMNS + " FROM launcher_attempts" + KEY + " FOR UPDATE",
            statement -> setKey(statement, key, 1));
    return found.stream().findFirst();
  }

  /** Moves a STARTED attempt to its final state; false when it was not STARTED any more. */
  public boolean finish(
      Connection connection, AttemptKey key, AttemptState state, String reason, Instant at)
      throws SQLException {
    String sql =
        "UPDATE launcher_attempts SET state = ?, failure_reason = ?, finished_at = ?"
            + KEY
            + " AND state = 'STARTED'";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, state.name());
      update.setString(2, reason);
      update.setTimestamp(3, Timestamp.from(at));
      setKey(update, key, 4);
      return update.executeUpdate() == 1;
    }
  }

  /**
   * Records that a STARTED attempt's command started on {@code node} at {@code at}, once; returns
   * the attempt as it is now, or empty when it ended or its start was already recorded.
   */
  public Optional<StoredAttempt> markStarted(
      Connection connection, AttemptKey key, String node, Instant at) throws SQLException {
    String sql =
        "UPDATE launcher_attempts SET start_reported = true, node = ?, started_at = ?"
            + KEY
            + " AND state = 'STARTED' AND NOT start_reported RETURNING "
            + COLUMNS;
    return query(
            connection,
            sql,
            statement -> {
              statement.setString(1, node);
              statement.setTimestamp(2, Timestamp.from(at));
              setKey(statement, key, 3);
            })
        .stream()
        .findFirst();
  }

  /** The request JSON of a STARTED attempt of {@code owner}, by key; absent for old rows. */
  public Map<AttemptKey, String> requestsOf(Connection connection, String owner)
      throws SQLException {
    String sql =
        "SELECT run_id, step_name, attempt, shard_index, request FROM launcher_attempts"
            + " WHERE state = 'STARTED' AND owner = ? AND request IS NOT NULL";
    Map<AttemptKey, String> requests = new LinkedHashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, owner);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          AttemptKey key =
              new AttemptKey(rows.getString(1), rows.getString(2), rows.getInt(3), rows.getInt(4));
          requests.put(key, rows.getString(5));
        }
      }
    }
    return requests;
  }

  /** Hands a STARTED attempt to {@code owner} (a live launcher that re-attached to it). */
  public boolean adopt(Connection connection, AttemptKey key, String owner) throws SQLException {
    String sql = "UPDATE launcher_attempts SET owner = ?" + KEY + " AND state = 'STARTED'";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, owner);
      setKey(update, key, 2);
      return update.executeUpdate() == 1;
    }
  }

  /**
   * The STARTED attempts of {@code owner}, with their lease ({@code lapsed}: no heartbeat for
   * {@code lease}, by the database's clock), cancel request and process; {@code onlyLapsed} keeps
   * the lapsed ones only.
   */
  public List<OwnedAttempt> ownedBy(
      Connection connection, String owner, java.time.Duration lease, boolean onlyLapsed)
      throws SQLException {
    return owned(connection, owner, lease, onlyLapsed, false);
  }

  /**
   * The STARTED attempts of a gone {@code owner} that may be recovered (all of them, or only those
   * whose lease lapsed), locked until the transaction ends.
   */
  public List<OwnedAttempt> recoverable(
      Connection connection, String owner, java.time.Duration lease, boolean onlyLapsed)
      throws SQLException {
    return owned(connection, owner, lease, onlyLapsed, true);
  }

  private List<OwnedAttempt> owned(
      Connection connection,
      String owner,
      java.time.Duration lease,
      boolean onlyLapsed,
      boolean lock)
      throws SQLException {
    String lapsed = "(heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => ?))";
    String sql =
        "SELECT "
            + COLUMNS
            + ", cancel_reason, pid, pid_started_at, "
            + lapsed
            + " AS lapsed FROM launcher_attempts WHERE state = 'STARTED' AND owner = ?"
            + (onlyLapsed ? " AND " + lapsed : "")
            + (lock ? " FOR UPDATE" : "");
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      double seconds = lease.toMillis() / 1000.0;
      select.setDouble(1, seconds);
      select.setString(2, owner);
      if (onlyLapsed) {
        select.setDouble(3, seconds);
      }
      List<OwnedAttempt> found = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(readOwned(rows));
        }
      }
      return found;
    }
  }

  private static OwnedAttempt readOwned(ResultSet row) throws SQLException {
    long pid = row.getLong("pid");
    Timestamp pidStart = row.getTimestamp("pid_started_at");
    Optional<StepProcessId> process =
        pidStart == null || pid == 0
            ? Optional.empty()
            : Optional.of(new StepProcessId(pid, pidStart.toInstant()));
    return new OwnedAttempt(
        read(row),
        row.getBoolean("lapsed"),
        Optional.ofNullable(row.getString("cancel_reason")),
        process);
  }

  /** Renews the lease of these STARTED attempts (one batch); returns those still STARTED. */
  public int renewLeases(Connection connection, List<AttemptKey> keys) throws SQLException {
    String sql =
        "UPDATE launcher_attempts SET heartbeat_at = now()" + KEY + " AND state = 'STARTED'";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (AttemptKey key : keys) {
        setKey(update, key, 1);
        update.addBatch();
      }
      int renewed = 0;
      for (int count : update.executeBatch()) {
        renewed += Math.max(count, 0);
      }
      return renewed;
    }
  }

  /**
   * Records a cancel request for a STARTED attempt (the first reason stays); false when the attempt
   * is not STARTED.
   */
  public boolean requestCancel(Connection connection, AttemptKey key, String reason)
      throws SQLException {
    String sql =
        "UPDATE launcher_attempts SET cancel_reason = COALESCE(cancel_reason, ?)"
            + KEY
            + " AND state = 'STARTED'";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, reason);
      setKey(update, key, 2);
      return update.executeUpdate() == 1;
    }
  }

  /** Records the host process of a STARTED local attempt. */
  public boolean recordProcess(Connection connection, AttemptKey key, StepProcessId process)
      throws SQLException {
    String sql =
        "UPDATE launcher_attempts SET pid = ?, pid_started_at = ?" + KEY + " AND state = 'STARTED'";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setLong(1, process.pid());
      update.setTimestamp(2, Timestamp.from(process.startedAt()));
      setKey(update, key, 3);
      return update.executeUpdate() == 1;
    }
  }

  /** Owners other than {@code except} that have STARTED attempts. */
  public List<String> ownersWithStarted(Connection connection, String except) throws SQLException {
    String sql =
        "SELECT DISTINCT owner FROM launcher_attempts WHERE state = 'STARTED' AND owner <> ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, except);
      List<String> owners = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          owners.add(rows.getString(1));
        }
      }
      return owners;
    }
  }

  /** The STARTED attempts of one owner, locked until the transaction ends. */
  public List<StoredAttempt> startedBy(Connection connection, String owner) throws SQLException {
    return query(
        connection,
        "SELECT "
            + COLUMNS
            + " FROM launcher_attempts WHERE state = 'STARTED' AND owner = ?"
            + " FOR UPDATE",
        statement -> statement.setString(1, owner));
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private static List<StoredAttempt> query(Connection connection, String sql, Binder binder)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      binder.bind(select);
      List<StoredAttempt> found = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(read(rows));
        }
      }
      return found;
    }
  }

  private static StoredAttempt read(ResultSet row) throws SQLException {
    AttemptKey key =
        new AttemptKey(
            row.getString("run_id"),
            row.getString("step_name"),
            row.getInt("attempt"),
            row.getInt("shard_index"));
    return new StoredAttempt(
        key,
        AttemptState.valueOf(row.getString("state")),
        row.getString("owner"),
        row.getString("executor"),
        row.getString("node"),
        row.getString("correlation_id"),
        row.getString("cause_event_id"),
        row.getString("traceparent"),
        row.getTimestamp("started_at").toInstant());
  }

  private static int setKey(PreparedStatement statement, AttemptKey key, int from)
      throws SQLException {
    statement.setString(from, key.runId());
    statement.setString(from + 1, key.stepName());
    statement.setInt(from + 2, key.attempt());
    statement.setInt(from + 3, key.shardIndex());
    return from + 4;
  }
}

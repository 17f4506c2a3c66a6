package io.sluice.gateway.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.ArtifactRef;
import io.sluice.events.EventCodec;
import io.sluice.events.ModelSignature;
import io.sluice.events.RolloutCheck;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.gateway.inference.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * JDBC access to {@code rollouts}, always on the caller's transaction. Every change is conditional
 * on the generation the caller read and bumps it, so that of two concurrent changes (two drivers
 * for a moment, a driver and a person) exactly one applies.
 */
@ApplicationScoped
public class RolloutStore {

  private static final String COLUMNS =
      "model_name, candidate_version, artifact_uri, sha256, signature, stable_version, spec,"
          + " stage, candidate_percent, shadow_percent, paused, paused_by, failed_checks,"
          + " window_start, started_at, generation, last_judgement, judged_at, cause_headers,"
          + " cause_value";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM rollouts";
  private static final String CURRENT =
      " WHERE model_name = ? AND candidate_version = ? AND generation = ?";

  private final ObjectMapper json = EventCodec.objectMapper();

  public void insert(Connection connection, Rollout rollout) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO rollouts ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, now(), now(), ?,"
                + " NULL, NULL, ?::jsonb, ?)")) {
      ModelVersion candidate = rollout.candidate();
      insert.setString(1, candidate.name());
      insert.setInt(2, candidate.version());
      insert.setString(3, candidate.artifact().uri());
      insert.setString(4, candidate.artifact().sha256().toLowerCase(Locale.ROOT));
      insert.setString(5, toJson(candidate.signature()));
      insert.setObject(6, rollout.stableVersion(), Types.INTEGER);
      insert.setString(7, toJson(rollout.spec()));
      insert.setInt(8, rollout.stage());
      insert.setInt(9, rollout.shares().candidatePercent());
      insert.setInt(10, rollout.shares().shadowPercent());
      insert.setBoolean(11, rollout.paused());
      insert.setString(12, rollout.pausedBy());
      insert.setInt(13, rollout.failedChecks());
      insert.setLong(14, rollout.generation());
      insert.setString(15, StoredEvents.headers(rollout.cause()));
      insert.setBytes(16, StoredEvents.value(rollout.cause()));
      insert.executeUpdate();
    }
  }

  public Optional<Rollout> find(Connection connection, String model) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE model_name = ?")) {
      query.setString(1, model);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  public List<Rollout> all(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(SELECT + " ORDER BY model_name");
        ResultSet rows = query.executeQuery()) {
      List<Rollout> rollouts = new ArrayList<>();
      while (rows.next()) {
        rollouts.add(read(rows));
      }
      return rollouts;
    }
  }

  /** The database's clock, which windows are measured by. */
  public Instant now(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT now()");
        ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getTimestamp(1).toInstant();
    }
  }

  /**
   * Records a judged window: the stage and shares it leads to, the failed checks, and a fresh
   * window.
   *
   * @return false when {@code current} is no longer the current generation
   */
  public boolean judged(
      Connection connection,
      Rollout current,
      int stage,
      Stage shares,
      int failedChecks,
      Judgement judgement)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE rollouts SET stage = ?, candidate_percent = ?, shadow_percent = ?,"
                + " failed_checks = ?, last_judgement = ?::jsonb, judged_at = now(),"
                + " window_start = now(), generation = generation + 1"
                + CURRENT)) {
      update.setInt(1, stage);
      update.setInt(2, shares.candidatePercent());
      update.setInt(3, shares.shadowPercent());
      update.setInt(4, failedChecks);
      update.setString(5, toJson(judgement));
      bindCurrent(update, 6, current);
      return update.executeUpdate() == 1;
    }
  }

  /**
   * Pauses (the clock stops, the weights stay) or resumes (a fresh window starts).
   *
   * @return false when {@code current} is no longer the current generation
   */
  public boolean setPaused(Connection connection, Rollout current, boolean paused, String by)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE rollouts SET paused = ?, paused_by = ?, window_start = now(),"
                + " generation = generation + 1"
                + CURRENT)) {
      update.setBoolean(1, paused);
      update.setString(2, paused ? by : null);
      bindCurrent(update, 3, current);
      return update.executeUpdate() == 1;
    }
  }

  /**
   * Ends the rollout (promoted, rolled back, aborted, replaced) and keeps how it ended as the
   * model's last rollout.
   *
   * @return false when {@code current} is no longer the current generation
   */
  public boolean end(Connection connection, Rollout current, Ending ending) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM rollouts" + CURRENT)) {
      bindCurrent(delete, 1, current);
      if (delete.executeUpdate() != 1) {
        return false;
      }
    }
    keepEnded(connection, current, ending);
    return true;
  }

  private void keepEnded(Connection connection, Rollout ended, Ending ending) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO ended_rollouts (model_name, candidate_version, stable_version, strategy,"
                + " outcome, reason, failed_check, decided_by, failed_checks, started_at, ended_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now())"
                + " ON CONFLICT (model_name) DO UPDATE SET candidate_version ="
                + " EXCLUDED.candidate_version, stable_version = EXCLUDED.stable_version,"
                + " strategy = EXCLUDED.strategy, outcome = EXCLUDED.outcome,"
                + " reason = EXCLUDED.reason, failed_check = EXCLUDED.failed_check,"
                + " decided_by = EXCLUDED.decided_by, failed_checks = EXCLUDED.failed_checks,"
                + " started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at")) {
      upsert.setString(1, ended.model());
      upsert.setInt(2, ended.candidateVersion());
      upsert.setObject(3, ended.stableVersion(), Types.INTEGER);
      upsert.setString(4, ended.spec().strategy().name());
      upsert.setString(5, ending.outcome().name());
      upsert.setString(6, ending.reason());
      upsert.setString(7, ending.failedCheck() == null ? null : toJson(ending.failedCheck()));
      upsert.setString(8, ending.by());
      // The analysis rolls back on a failed window that the row has not counted yet.
      int failed = ended.failedChecks() + (ending.outcome() == Ending.Outcome.ROLLED_BACK ? 1 : 0);
      upsert.setInt(9, failed);
      upsert.setTimestamp(10, Timestamp.from(ended.startedAt()));
      upsert.executeUpdate();
    }
  }

  /** The model's last ended rollout, if it ever had one. */
  public Optional<EndedRollout> findEnded(Connection connection, String model) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT model_name, candidate_version, stable_version, strategy, outcome, reason,"
                + " failed_check, decided_by, failed_checks, started_at, ended_at"
                + " FROM ended_rollouts WHERE model_name = ?")) {
      query.setString(1, model);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(readEnded(row)) : Optional.empty();
      }
    }
  }

  private EndedRollout readEnded(ResultSet row) throws SQLException {
    String check = row.getString("failed_check");
    Ending ending =
        new Ending(
            Ending.Outcome.valueOf(row.getString("outcome")),
            row.getString("reason"),
            check == null ? null : fromJson(check, RolloutCheck.class),
            row.getString("decided_by"));
    return new EndedRollout(
        row.getString("model_name"),
        row.getInt("candidate_version"),
        (Integer) row.getObject("stable_version"),
        RolloutStrategy.valueOf(row.getString("strategy")),
        ending,
        row.getInt("failed_checks"),
        row.getTimestamp("started_at").toInstant(),
        row.getTimestamp("ended_at").toInstant());
  }

  private static void bindCurrent(PreparedStatement statement, int first, Rollout current)
      throws SQLException {
    statement.setString(first, current.model());
    statement.setInt(first + 1, current.candidateVersion());
    statement.setLong(first + 2, current.generation());
  }

  private Rollout read(ResultSet row) throws SQLException {
    ModelVersion candidate =
        new ModelVersion(
            row.getString("model_name"),
            row.getInt("candidate_version"),
            new ArtifactRef(row.getString("artifact_uri"), row.getString("sha256")),
            fromJson(row.getString("signature"), ModelSignature.class));
    String judgement = row.getString("last_judgement");
    Timestamp judgedAt = row.getTimestamp("judged_at");
    return new Rollout(
        candidate,
        (Integer) row.getObject("stable_version"),
        fromJson(row.getString("spec"), RolloutSpec.class),
        row.getInt("stage"),
        new Stage(row.getInt("candidate_percent"), row.getInt("shadow_percent")),
        row.getBoolean("paused"),
        row.getString("paused_by"),
        row.getInt("failed_checks"),
        row.getTimestamp("window_start").toInstant(),
        row.getTimestamp("started_at").toInstant(),
        row.getLong("generation"),
        judgement == null ? null : fromJson(judgement, Judgement.class),
        judgedAt == null ? null : judgedAt.toInstant(),
        StoredEvents.decode(row.getString("cause_headers"), row.getBytes("cause_value")));
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a record always serialises", e);
    }
  }

  private <T> T fromJson(String text, Class<T> type) throws SQLException {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("rollouts holds an unreadable " + type.getSimpleName(), e);
    }
  }
}

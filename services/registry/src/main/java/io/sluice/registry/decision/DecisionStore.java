package io.sluice.registry.decision;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The decisions table, on the caller's transaction. Decisions are only ever added. */
@ApplicationScoped
public class DecisionStore {

  private static final String COLUMNS =
      "id, model_name, version, action, decided_by, reason, event_id, decided_at";
  private static final String INSERT =
      "INSERT INTO model_decisions (model_name, version, action, decided_by, reason, event_id,"
          + " idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "
          + COLUMNS;
  private static final String BY_KEY =
      "SELECT "
          + COLUMNS
          + " FROM model_decisions WHERE model_name = ? AND decided_by = ? AND idempotency_key = ?";
  private static final String RECENT =
      "SELECT "
          + COLUMNS
          + " FROM model_decisions WHERE model_name = ? AND decided_by = ? AND action = ?"
          + " AND decided_at > now() - make_interval(secs => ?) ORDER BY id DESC";
  private static final String OF_VERSION =
      "SELECT "
          + COLUMNS
          + " FROM model_decisions WHERE model_name = ? AND version = ? ORDER BY id";
  private static final String ARCHIVED =
      "SELECT version FROM model_decisions WHERE model_name = ? AND action = 'ARCHIVE'";
  private static final String BY_EVENT =
      "SELECT " + COLUMNS + " FROM model_decisions WHERE event_id = ?";

  /** Records a decision and returns it as stored. */
  public Decision add(Connection connection, DecisionRequest request, int version, String eventId)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, request.modelName());
      insert.setInt(2, version);
      insert.setString(3, request.action().name());
      insert.setString(4, request.decidedBy());
      insert.setString(5, request.reason());
      insert.setString(6, eventId);
      insert.setString(7, request.idempotencyKey());
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return read(row);
      }
    }
  }

  /** The decision the caller already made with this {@code Idempotency-Key} on this model. */
  public Optional<Decision> byKey(Connection connection, String modelName, String by, String key)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(BY_KEY)) {
      query.setString(1, modelName);
      query.setString(2, by);
      query.setString(3, key);
      return first(query);
    }
  }

  /** The caller's decisions of one action on the model within {@code window}, newest first. */
  public List<Decision> recent(
      Connection connection, String modelName, String by, DecisionAction action, Duration window)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(RECENT)) {
      query.setString(1, modelName);
      query.setString(2, by);
      query.setString(3, action.name());
      query.setDouble(4, window.toMillis() / 1000.0);
      return all(query);
    }
  }

  /** Every decision on one version, oldest first. */
  public List<Decision> ofVersion(Connection connection, String modelName, int version)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(OF_VERSION)) {
      query.setString(1, modelName);
      query.setInt(2, version);
      return all(query);
    }
  }

  /** The archived versions of a model. */
  public List<Integer> archived(Connection connection, String modelName) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(ARCHIVED)) {
      query.setString(1, modelName);
      List<Integer> versions = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          versions.add(rows.getInt(1));
        }
      }
      return versions;
    }
  }

  /** The decision that emitted event {@code eventId}, if a decision did. */
  public Optional<Decision> byEvent(Connection connection, String eventId) throws SQLException {
    if (eventId == null) {
      return Optional.empty();
    }
    try (PreparedStatement query = connection.prepareStatement(BY_EVENT)) {
      query.setString(1, eventId);
      return first(query);
    }
  }

  private static Optional<Decision> first(PreparedStatement query) throws SQLException {
    List<Decision> found = all(query);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private static List<Decision> all(PreparedStatement query) throws SQLException {
    List<Decision> decisions = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        decisions.add(read(rows));
      }
    }
    return decisions;
  }

  private static Decision read(ResultSet row) throws SQLException {
    return new Decision(
        row.getLong("id"),
        row.getString("model_name"),
        row.getInt("version"),
        DecisionAction.valueOf(row.getString("action")),
        row.getString("decided_by"),
        row.getString("reason"),
        row.getString("event_id"),
        row.getTimestamp("decided_at").toInstant());
  }
}

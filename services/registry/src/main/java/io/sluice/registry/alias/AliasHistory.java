package io.sluice.registry.alias;

import io.sluice.events.ModelRolledBack;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The alias history table, on the caller's transaction. Rows are only ever added. */
@ApplicationScoped
public class AliasHistory {

  private static final String COLUMNS =
      "id, model_name, alias, version, previous_version, moved_by, reason, event_id,"
          + " cause_event_id, via_rollback, moved_at";
  private static final String INSERT =
      "INSERT INTO alias_history (model_name, alias, version, previous_version, moved_by, reason,"
          + " event_id, cause_event_id, via_rollback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
          + COLUMNS;
  private static final String PAGE =
      "SELECT "
          + COLUMNS
          + " FROM alias_history WHERE model_name = ? AND alias = ? AND id > ? ORDER BY id LIMIT ?";
  private static final String NEWEST_FIRST =
      "SELECT "
          + COLUMNS
          + " FROM alias_history WHERE model_name = ? AND alias = ? ORDER BY id DESC LIMIT ?";

  /** Adds one move and returns it as stored. */
  public AliasMove add(
      Connection connection,
      String modelName,
      String alias,
      Integer version,
      Integer previousVersion,
      MoveCause cause,
      String eventId)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, modelName);
      insert.setString(2, alias);
      setVersion(insert, 3, version);
      setVersion(insert, 4, previousVersion);
      insert.setString(5, cause.movedBy());
      insert.setString(6, cause.reason());
      insert.setString(7, eventId);
      insert.setString(8, cause.event() == null ? null : cause.event().id());
      insert.setBoolean(
          9, cause.event() != null && cause.event().data() instanceof ModelRolledBack);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return read(row);
      }
    }
  }

  /** Moves of one alias after history row {@code after}, at most {@code limit}, oldest first. */
  public List<AliasMove> page(
      Connection connection, String modelName, String alias, long after, int limit)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(PAGE)) {
      query.setString(1, modelName);
      query.setString(2, alias);
      query.setLong(3, after);
      query.setInt(4, limit);
      return readAll(query);
    }
  }

  /** The latest {@code limit} moves of one alias, newest first. */
  public List<AliasMove> newestFirst(
      Connection connection, String modelName, String alias, int limit) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(NEWEST_FIRST)) {
      query.setString(1, modelName);
      query.setString(2, alias);
      query.setInt(3, limit);
      return readAll(query);
    }
  }

  private static List<AliasMove> readAll(PreparedStatement query) throws SQLException {
    List<AliasMove> moves = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        moves.add(read(rows));
      }
    }
    return moves;
  }

  private static void setVersion(PreparedStatement statement, int index, Integer version)
      throws SQLException {
    if (version == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, version);
    }
  }

  private static AliasMove read(ResultSet row) throws SQLException {
    return new AliasMove(
        row.getLong("id"),
        row.getString("model_name"),
        row.getString("alias"),
        (Integer) row.getObject("version"),
        (Integer) row.getObject("previous_version"),
        row.getString("moved_by"),
        row.getString("reason"),
        row.getString("event_id"),
        row.getString("cause_event_id"),
        row.getBoolean("via_rollback"),
        row.getTimestamp("moved_at").toInstant());
  }
}

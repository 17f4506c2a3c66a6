package io.sluice.registry.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sluice.events.GateRule;
import io.sluice.registry.version.JsonColumns;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Revisions of minimum gate policies, on the caller's transaction. Revisions are only ever added;
 * callers hold the model's row lock ({@code VersionStore.lockModel}) so that revision numbers and
 * registrations of one model are ordered.
 */
@ApplicationScoped
public class PolicyStore {

  private static final String COLUMNS = "model_name, revision, rules, set_by, set_at";
  private static final String CURRENT =
      "SELECT "
          + COLUMNS
          + " FROM gate_policy_revisions WHERE model_name = ? ORDER BY revision DESC LIMIT 1";
  private static final String PAGE =
      "SELECT "
          + COLUMNS
          + " FROM gate_policy_revisions WHERE model_name = ? AND revision > ?"
          + " ORDER BY revision LIMIT ?";
  private static final String INSERT =
      "INSERT INTO gate_policy_revisions (model_name, revision, rules, set_by)"
          + " SELECT ?, COALESCE(MAX(revision), 0) + 1, ?::jsonb, ?"
          + " FROM gate_policy_revisions WHERE model_name = ? RETURNING "
          + COLUMNS;

  private static final TypeReference<List<GateRule>> RULES = new TypeReference<>() {};

  /** The policy in effect for {@code modelName}: its latest revision, or empty when none. */
  public Optional<MinimumPolicy> current(Connection connection, String modelName)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(CURRENT)) {
      query.setString(1, modelName);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  /**
   * Adds the next revision; call with the model's row locked (it must exist).
   *
   * @return the revision as stored, with its number and time
   */
  public MinimumPolicy add(
      Connection connection, String modelName, List<GateRule> rules, String setBy)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, modelName);
      insert.setString(2, JsonColumns.write(rules));
      insert.setString(3, setBy);
      insert.setString(4, modelName);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return read(row);
      }
    }
  }

  /** Revisions numbered above {@code after}, at most {@code limit}, oldest first. */
  public List<MinimumPolicy> history(Connection connection, String modelName, int after, int limit)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(PAGE)) {
      query.setString(1, modelName);
      query.setInt(2, after);
      query.setInt(3, limit);
      List<MinimumPolicy> revisions = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          revisions.add(read(rows));
        }
      }
      return revisions;
    }
  }

  private static MinimumPolicy read(ResultSet row) throws SQLException {
    return new MinimumPolicy(
        row.getString("model_name"),
        row.getInt("revision"),
        JsonColumns.read(row.getString("rules"), RULES),
        row.getString("set_by"),
        row.getTimestamp("set_at").toInstant());
  }
}

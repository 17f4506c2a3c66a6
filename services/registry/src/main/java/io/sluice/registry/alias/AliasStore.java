package io.sluice.registry.alias;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Named pointers to model versions ({@code champion}, {@code challenger}, and names people give).
 * Callers that announce a move go through {@link AliasMover}, which also keeps the history. The
 * table's foreign key refuses an alias to a version that does not exist, whatever the caller
 * checked before.
 */
@ApplicationScoped
public class AliasStore {

  /** The alias the gateway's promotions move. */
  public static final String CHAMPION = "champion";

  /** The alias of the version the gateway is rolling out next to the champion. */
  public static final String CHALLENGER = "challenger";

  private static final String MOVE =
      "INSERT INTO model_aliases (model_name, alias, version) VALUES (?, ?, ?)"
          + " ON CONFLICT (model_name, alias) DO UPDATE SET version = EXCLUDED.version,"
          + " updated_at = now() WHERE model_aliases.version <> EXCLUDED.version";
  private static final String FIND =
      "SELECT version, updated_at FROM model_aliases WHERE model_name = ? AND alias = ?";
  private static final String REMOVE =
      "DELETE FROM model_aliases WHERE model_name = ? AND alias = ? RETURNING version";
  private static final String ALL =
      "SELECT alias, version, updated_at FROM model_aliases WHERE model_name = ? ORDER BY alias";
  private static final String OF_VERSION =
      "SELECT alias FROM model_aliases WHERE model_name = ? AND version = ? ORDER BY alias";

  /**
   * Points {@code alias} of {@code modelName} at {@code version}.
   *
   * @return whether it moved (false when it already pointed there)
   */
  public boolean move(Connection connection, String modelName, String alias, int version)
      throws SQLException {
    try (PreparedStatement move = connection.prepareStatement(MOVE)) {
      move.setString(1, modelName);
      move.setString(2, alias);
      move.setInt(3, version);
      return move.executeUpdate() > 0;
    }
  }

  public Optional<AliasTarget> find(Connection connection, String modelName, String alias)
      throws SQLException {
    try (PreparedStatement find = connection.prepareStatement(FIND)) {
      find.setString(1, modelName);
      find.setString(2, alias);
      try (ResultSet row = find.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        Timestamp updated = row.getTimestamp(2);
        return Optional.of(new AliasTarget(modelName, alias, row.getInt(1), updated.toInstant()));
      }
    }
  }

  /**
   * Removes {@code alias} of {@code modelName}.
   *
   * @return the version it named, empty when there was no such alias
   */
  public Optional<Integer> remove(Connection connection, String modelName, String alias)
      throws SQLException {
    try (PreparedStatement remove = connection.prepareStatement(REMOVE)) {
      remove.setString(1, modelName);
      remove.setString(2, alias);
      try (ResultSet row = remove.executeQuery()) {
        return row.next() ? Optional.of(row.getInt(1)) : Optional.empty();
      }
    }
  }

  /** Every alias of a model, by name. */
  public List<AliasTarget> all(Connection connection, String modelName) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(ALL)) {
      query.setString(1, modelName);
      List<AliasTarget> aliases = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          aliases.add(
              new AliasTarget(
                  modelName, rows.getString(1), rows.getInt(2), rows.getTimestamp(3).toInstant()));
        }
      }
      return aliases;
    }
  }

  /** The aliases pointing at one version, by name. */
  public List<String> aliasesOf(Connection connection, String modelName, int version)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(OF_VERSION)) {
      query.setString(1, modelName);
      query.setInt(2, version);
      List<String> aliases = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          aliases.add(rows.getString(1));
        }
      }
      return aliases;
    }
  }
}

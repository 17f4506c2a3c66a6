package io.sluice.orchestrator.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC access to {@code pipeline_versions}. Every method works on the caller's transaction. */
public final class PipelineStore {

  private static final String COLUMNS =
      "name, version, trigger_dataset, canonical_spec, source_yaml, registered_at, registered_by,"
          + " activated_by";
  private static final String LATEST_PER_NAME =
      "SELECT DISTINCT ON (name) "
          + COLUMNS
          + " FROM pipeline_versions ORDER BY name, activated_seq DESC";

  /** Inserts a new version as the latest; false when that version already exists. */
  public boolean insert(
      Connection connection,
      String name,
      String version,
      String trigger,
      String canonicalJson,
      String yaml,
      String subject)
      throws SQLException {
    String sql =
        "INSERT INTO pipeline_versions (name, version, trigger_dataset, canonical_spec,"
            + " source_yaml, registered_by, activated_by, activated_seq) VALUES (?, ?, ?, ?, ?, ?,"
            + " ?, nextval('pipeline_activation_seq')) ON CONFLICT DO NOTHING";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, name);
      insert.setString(2, version);
      insert.setString(3, trigger);
      insert.setString(4, canonicalJson);
      insert.setString(5, yaml);
      insert.setString(6, subject);
      insert.setString(7, subject);
      return insert.executeUpdate() == 1;
    }
  }

  /** Makes an existing version the latest again (a re-posted older spec), on behalf of someone. */
  public void activate(Connection connection, String name, String version, String subject)
      throws SQLException {
    String sql =
        "UPDATE pipeline_versions SET activated_seq = nextval('pipeline_activation_seq'),"
            + " activated_by = ? WHERE name = ? AND version = ?";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, subject);
      update.setString(2, name);
      update.setString(3, version);
      update.executeUpdate();
    }
  }

  public Optional<StoredPipeline> latest(Connection connection, String name) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM pipeline_versions WHERE name = ? ORDER BY activated_seq DESC LIMIT 1";
    return query(connection, sql, name).stream().findFirst();
  }

  public Optional<StoredPipeline> find(Connection connection, String name, String version)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM pipeline_versions WHERE name = ? AND version = ?";
    return query(connection, sql, name, version).stream().findFirst();
  }

  /** The latest version of every pipeline, by name. */
  public List<StoredPipeline> allLatest(Connection connection) throws SQLException {
    return query(connection, LATEST_PER_NAME);
  }

  /** The latest versions that a new version of {@code dataset} triggers. */
  public List<StoredPipeline> triggeredBy(Connection connection, String dataset)
      throws SQLException {
    String sql = "SELECT * FROM (" + LATEST_PER_NAME + ") latest WHERE trigger_dataset = ?";
    return query(connection, sql, dataset);
  }

  private static List<StoredPipeline> query(Connection connection, String sql, String... args)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setString(i + 1, args[i]);
      }
      List<StoredPipeline> rows = new ArrayList<>();
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new StoredPipeline(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant(),
                  rs.getString(7),
                  rs.getString(8)));
        }
      }
      return rows;
    }
  }
}

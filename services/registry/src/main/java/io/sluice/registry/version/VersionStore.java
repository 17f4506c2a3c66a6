package io.sluice.registry.version;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.OptionalInt;

/**
 * Writes model versions on the caller's transaction. Numbering is serialised per model by a row
 * lock on {@code models}; the unique keys on the candidate's event id and run id are the last line
 * against a second version for one candidate.
 */
@ApplicationScoped
public class VersionStore {

  private static final String ENSURE_MODEL =
      "INSERT INTO models (name) VALUES (?) ON CONFLICT (name) DO NOTHING";
  private static final String LOCK_MODEL =
      "SELECT latest_version FROM models WHERE name = ? FOR UPDATE";
  private static final String VERSION_OF_CANDIDATE =
      "SELECT version FROM model_versions"
          + " WHERE candidate_event_id = ? OR (model_name = ? AND run_id = ?)";
  private static final String INSERT_VERSION =
      "INSERT INTO model_versions (model_name, version, candidate_event_id, run_id, artifact_uri,"
          + " artifact_sha256, signature, metrics, gate, verdict, results, reasons, lineage,"
          + " gate_policy_revision, gate_policy_set_by, rollout, rollout_from)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?::jsonb,"
          + " ?::jsonb, ?, ?, ?::jsonb, ?)";
  private static final String BUMP_LATEST = "UPDATE models SET latest_version = ? WHERE name = ?";

  /**
   * Creates the model's row if needed and locks it until the transaction ends.
   *
   * @return the model's latest version number, 0 when it has none
   */
  public int lockModel(Connection connection, String modelName) throws SQLException {
    try (PreparedStatement ensure = connection.prepareStatement(ENSURE_MODEL);
        PreparedStatement lock = connection.prepareStatement(LOCK_MODEL)) {
      ensure.setString(1, modelName);
      ensure.executeUpdate();
      lock.setString(1, modelName);
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /** The version already registered for this candidate event or for this run of the model. */
  public OptionalInt versionOfCandidate(
      Connection connection, String candidateEventId, String modelName, String runId)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(VERSION_OF_CANDIDATE)) {
      query.setString(1, candidateEventId);
      query.setString(2, modelName);
      query.setString(3, runId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
      }
    }
  }

  /** Stores {@code version} and makes it the model's latest; call with the model row locked. */
  public void insert(Connection connection, ModelVersion version) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_VERSION);
        PreparedStatement bump = connection.prepareStatement(BUMP_LATEST)) {
      bindVersion(insert, version);
      insert.executeUpdate();
      bump.setInt(1, version.version());
      bump.setString(2, version.modelName());
      bump.executeUpdate();
    }
  }

  private static void bindVersion(PreparedStatement insert, ModelVersion version)
      throws SQLException {
    insert.setString(1, version.modelName());
    insert.setInt(2, version.version());
    insert.setString(3, version.candidateEventId());
    insert.setString(4, version.runId());
    insert.setString(5, version.artifact().uri());
    insert.setString(6, version.artifact().sha256());
    insert.setString(7, JsonColumns.write(version.signature()));
    insert.setString(8, JsonColumns.write(version.metrics()));
    insert.setString(9, JsonColumns.write(version.gate()));
    insert.setString(10, version.verdict().name());
    insert.setString(11, JsonColumns.write(version.results()));
    insert.setString(12, JsonColumns.write(version.reasons()));
    insert.setString(13, JsonColumns.write(version.lineage()));
    PolicyRef policy = version.gatePolicy();
    if (policy == null) {
      insert.setNull(14, Types.INTEGER);
      insert.setNull(15, Types.VARCHAR);
    } else {
      insert.setInt(14, policy.revision());
      insert.setString(15, policy.setBy());
    }
    insert.setString(16, version.rollout() == null ? null : JsonColumns.write(version.rollout()));
    insert.setString(17, version.rolloutFrom() == null ? null : version.rolloutFrom().name());
  }
}

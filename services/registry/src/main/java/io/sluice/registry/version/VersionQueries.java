package io.sluice.registry.version;

import com.fasterxml.jackson.core.type.TypeReference;
import io.sluice.events.ArtifactRef;
import io.sluice.events.GateRule;
import io.sluice.events.Lineage;
import io.sluice.events.ModelSignature;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import io.sluice.registry.rollout.RolloutOrigin;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads models and their versions for the REST edge. */
@ApplicationScoped
public class VersionQueries {

  private static final String COLUMNS =
      "model_name, version, candidate_event_id, run_id, artifact_uri, artifact_sha256, signature,"
          + " metrics, gate, verdict, results, reasons, lineage, registered_at,"
          + " gate_policy_revision, gate_policy_set_by, rollout, rollout_from";
  private static final String ONE =
      "SELECT " + COLUMNS + " FROM model_versions WHERE model_name = ? AND version = ?";
  private static final String MODELS =
      "SELECT m.name, m.latest_version, a.version FROM models m"
          + " LEFT JOIN model_aliases a ON a.model_name = m.name AND a.alias = 'champion'"
          + " WHERE m.latest_version > 0 AND m.name > ? ORDER BY m.name LIMIT ?";
  private static final String MODEL_EXISTS =
      "SELECT 1 FROM models WHERE name = ? AND latest_version > 0";

  private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
  private static final TypeReference<List<GateRule>> RULES = new TypeReference<>() {};
  private static final TypeReference<List<RuleResult>> RESULTS = new TypeReference<>() {};
  private static final TypeReference<List<String>> REASONS = new TypeReference<>() {};

  /** Models whose name sorts after {@code after}, at most {@code limit}, by name. */
  public List<ModelSummary> models(Connection connection, String after, int limit)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(MODELS)) {
      query.setString(1, after);
      query.setInt(2, limit);
      List<ModelSummary> models = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          int champion = rows.getInt(3);
          Integer championVersion = rows.wasNull() ? null : champion;
          models.add(new ModelSummary(rows.getString(1), rows.getInt(2), championVersion));
        }
      }
      return models;
    }
  }

  public boolean modelExists(Connection connection, String modelName) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(MODEL_EXISTS)) {
      query.setString(1, modelName);
      try (ResultSet row = query.executeQuery()) {
        return row.next();
      }
    }
  }

  public Optional<ModelVersion> version(Connection connection, String modelName, int version)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(ONE)) {
      query.setString(1, modelName);
      query.setInt(2, version);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  /** Versions numbered above {@code after}, at most {@code limit}, oldest first. */
  public List<ModelVersion> versions(Connection connection, String modelName, int after, int limit)
      throws SQLException {
    return search(connection, modelName, VersionSearch.ALL, after, limit);
  }

  /** The versions that match {@code search}, numbered above {@code after}, oldest first. */
  public List<ModelVersion> search(
      Connection connection, String modelName, VersionSearch search, int after, int limit)
      throws SQLException {
    SearchQuery page = pageQuery(modelName, search, after, limit);
    try (PreparedStatement query = connection.prepareStatement(page.sql())) {
      for (int i = 0; i < page.args().size(); i++) {
        query.setObject(i + 1, page.args().get(i));
      }
      List<ModelVersion> versions = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          versions.add(read(rows));
        }
      }
      return versions;
    }
  }

  /** The statement {@link #search} runs, e.g. to explain it. */
  public static SearchQuery pageQuery(
      String modelName, VersionSearch search, int after, int limit) {
    return SearchQuery.page(COLUMNS, modelName, search, after, limit);
  }

  private static ModelVersion read(ResultSet row) throws SQLException {
    Timestamp registered = row.getTimestamp("registered_at");
    return new ModelVersion(
        row.getString("model_name"),
        row.getInt("version"),
        row.getString("candidate_event_id"),
        row.getString("run_id"),
        new ArtifactRef(row.getString("artifact_uri"), row.getString("artifact_sha256")),
        JsonColumns.read(row.getString("signature"), ModelSignature.class),
        JsonColumns.read(row.getString("metrics"), METRICS),
        JsonColumns.read(row.getString("gate"), RULES),
        Verdict.valueOf(row.getString("verdict")),
        JsonColumns.read(row.getString("results"), RESULTS),
        JsonColumns.read(row.getString("reasons"), REASONS),
        JsonColumns.read(row.getString("lineage"), Lineage.class),
        registered.toInstant(),
        policyRef(row),
        rollout(row.getString("rollout")),
        origin(row.getString("rollout_from")));
  }

  private static RolloutSpec rollout(String json) {
    return json == null ? null : JsonColumns.read(json, RolloutSpec.class);
  }

  private static RolloutOrigin origin(String name) {
    return name == null ? null : RolloutOrigin.valueOf(name);
  }

  private static PolicyRef policyRef(ResultSet row) throws SQLException {
    int revision = row.getInt("gate_policy_revision");
    return row.wasNull() ? null : new PolicyRef(revision, row.getString("gate_policy_set_by"));
  }
}

package io.sluice.gateway.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.ArtifactRef;
import io.sluice.events.EventCodec;
import io.sluice.events.ModelSignature;
import io.sluice.gateway.inference.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JDBC access to {@code served_models}, always on the caller's transaction. */
@ApplicationScoped
public class ServedModelsTable {

  private static final String COLUMNS =
      "model_name, version, artifact_uri, sha256, signature, served_since";
  private static final String FIND =
      "SELECT " + COLUMNS + " FROM served_models WHERE model_name = ?";
  private static final String ALL = "SELECT " + COLUMNS + " FROM served_models ORDER BY model_name";
  // The WHERE clause makes "only a newer version replaces the served one" a database rule.
  private static final String PROMOTE =
      "INSERT INTO served_models ("
          + COLUMNS
          + ", promoted_event_id)"
          + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)"
          + " ON CONFLICT (model_name) DO UPDATE SET version = EXCLUDED.version,"
          + " artifact_uri = EXCLUDED.artifact_uri, sha256 = EXCLUDED.sha256,"
          + " signature = EXCLUDED.signature, served_since = EXCLUDED.served_since,"
          + " promoted_event_id = EXCLUDED.promoted_event_id"
          + " WHERE served_models.version < EXCLUDED.version";
  // A person's choice may restore an older version: no "newer only" rule.
  private static final String REPLACE =
      PROMOTE.substring(0, PROMOTE.indexOf(" WHERE served_models"));
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext(?))";

  private final ObjectMapper json = EventCodec.objectMapper();

  /** Serialises promotions of one model across replicas until the transaction ends. */
  public void lock(Connection connection, String modelName) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setString(1, "serving-gateway/" + modelName);
      lock.execute();
    }
  }

  public Optional<ServingRecord> find(Connection connection, String modelName) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(FIND)) {
      query.setString(1, modelName);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  public List<ServingRecord> all(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(ALL);
        ResultSet rows = query.executeQuery()) {
      List<ServingRecord> records = new ArrayList<>();
      while (rows.next()) {
        records.add(read(rows));
      }
      return records;
    }
  }

  /**
   * Records {@code record} as served unless the same or a newer version already is.
   *
   * @return true when it was recorded
   */
  public boolean promote(Connection connection, ServingRecord record, String eventId)
      throws SQLException {
    return upsert(connection, PROMOTE, record, eventId) == 1;
  }

  /** Records {@code record} as served, older or not: a person's promotion or rollback. */
  public void replace(Connection connection, ServingRecord record, String eventId)
      throws SQLException {
    upsert(connection, REPLACE, record, eventId);
  }

  private int upsert(Connection connection, String sql, ServingRecord record, String eventId)
      throws SQLException {
    ModelVersion version = record.version();
    try (PreparedStatement upsert = connection.prepareStatement(sql)) {
      upsert.setString(1, version.name());
      upsert.setInt(2, version.version());
      upsert.setString(3, version.artifact().uri());
      upsert.setString(4, version.artifact().sha256().toLowerCase(java.util.Locale.ROOT));
      upsert.setString(5, toJson(version.signature()));
      upsert.setTimestamp(6, Timestamp.from(record.servedSince()));
      upsert.setString(7, eventId);
      return upsert.executeUpdate();
    }
  }

  private ServingRecord read(ResultSet row) throws SQLException {
    ModelVersion version =
        new ModelVersion(
            row.getString("model_name"),
            row.getInt("version"),
            new ArtifactRef(row.getString("artifact_uri"), row.getString("sha256")),
            fromJson(row.getString("signature")));
    return new ServingRecord(version, row.getTimestamp("served_since").toInstant());
  }

  private String toJson(ModelSignature signature) {
    try {
      return json.writeValueAsString(signature);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a signature record always serialises", e);
    }
  }

  private ModelSignature fromJson(String text) throws SQLException {
    try {
      return json.readValue(text, ModelSignature.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("served_models holds an unreadable signature: " + e.getMessage(), e);
    }
  }
}

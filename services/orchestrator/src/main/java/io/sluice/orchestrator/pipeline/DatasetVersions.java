package io.sluice.orchestrator.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.events.DataArrived;
import io.sluice.events.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The dataset versions the orchestrator has seen arrive, with their {@code data.arrived}: what a
 * run started after the fact (manual, scheduled, on registration) reads. The latest version of a
 * dataset is the one that arrived last.
 */
public final class DatasetVersions {

  /** Keeps a version; one that is here already keeps its place (a redelivery is not newer). */
  public void record(Connection connection, DataArrived data) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dataset_versions (dataset_name, version_id, arrived)"
                + " VALUES (?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
      insert.setString(1, data.datasetName());
      insert.setString(2, data.versionId());
      insert.setString(3, write(data));
      insert.executeUpdate();
    }
  }

  /** The version that arrived last, if any arrived. */
  public Optional<DataArrived> latest(Connection connection, String dataset) throws SQLException {
    return one(
        connection,
        "SELECT arrived::text FROM dataset_versions WHERE dataset_name = ?"
            + " ORDER BY arrival_seq DESC LIMIT 1",
        dataset,
        null);
  }

  /** That version of that dataset, if it arrived. */
  public Optional<DataArrived> version(Connection connection, String dataset, String versionId)
      throws SQLException {
    return one(
        connection,
        "SELECT arrived::text FROM dataset_versions WHERE dataset_name = ? AND version_id = ?",
        dataset,
        versionId);
  }

  private static Optional<DataArrived> one(
      Connection connection, String sql, String dataset, String versionId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, dataset);
      if (versionId != null) {
        select.setString(2, versionId);
      }
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.empty();
      }
    }
  }

  private static String write(DataArrived data) {
    try {
      return Json.mapper().writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a data.arrived always serialises", e);
    }
  }

  private static DataArrived read(String json) {
    try {
      return Json.mapper().readValue(json, DataArrived.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored data.arrived no longer reads: " + e, e);
    }
  }
}

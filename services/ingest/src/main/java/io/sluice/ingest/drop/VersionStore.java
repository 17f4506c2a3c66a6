package io.sluice.ingest.drop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.sluice.events.ColumnSpec;
import io.sluice.events.DataArrived;
import io.sluice.events.Json;
import io.sluice.events.ObjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code dataset_version} and {@code drop_outcome} tables. */
@ApplicationScoped
public class VersionStore {

  /** What became of a completed drop. */
  public enum Outcome {
    NEW_VERSION,
    DUPLICATE,
    REJECTED
  }

  /**
   * One stored version.
   *
   * @param version the event data it was announced with
   * @param createdAt when it was first recorded
   */
  public record StoredVersion(DataArrived version, Instant createdAt) {}

  /**
   * One completed drop.
   *
   * @param versionId the version it yielded (new or duplicate), null when rejected
   */
  public record DropRecord(
      String dropFolder,
      Outcome outcome,
      String versionId,
      String reason,
      String message,
      Instant completedAt) {}

  /** Records a version unless the dataset has it already; true if it is new. */
  public boolean insertIfNew(Connection connection, DataArrived v) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO dataset_version (dataset, version_id, drop_folder, completion, row_count,"
                + " columns, label_column, objects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (dataset, version_id) DO NOTHING")) {
      insert.setString(1, v.datasetName());
      insert.setString(2, v.versionId());
      insert.setString(3, v.dropFolder());
      insert.setString(4, v.completion().name());
      insert.setLong(5, v.rowCount());
      insert.setString(6, json(v.columns()));
      insert.setString(7, v.labelColumn());
      insert.setString(8, json(v.objects()));
      return insert.executeUpdate() == 1;
    }
  }

  public void recordDrop(Connection connection, String dataset, DropRecord drop)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO drop_outcome (dataset, drop_folder, outcome, version_id, reason, message)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, dataset);
      insert.setString(2, drop.dropFolder());
      insert.setString(3, drop.outcome().name());
      insert.setString(4, drop.versionId());
      insert.setString(5, drop.reason());
      insert.setString(6, drop.message());
      insert.executeUpdate();
    }
  }

  /** The dataset's versions, newest first. */
  public List<StoredVersion> versions(
      Connection connection, String dataset, String bucket, String prefix) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT version_id, drop_folder, completion, row_count, columns, label_column,"
                + " objects, created_at FROM dataset_version WHERE dataset = ?"
                + " ORDER BY created_at DESC, version_id")) {
      select.setString(1, dataset);
      List<StoredVersion> versions = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          DataArrived version =
              new DataArrived(
                  dataset,
                  rows.getString(1),
                  bucket,
                  prefix,
                  rows.getString(2),
                  io.sluice.events.Completion.valueOf(rows.getString(3)),
                  read(rows.getString(7), new TypeReference<List<ObjectRef>>() {}),
                  rows.getLong(4),
                  read(rows.getString(5), new TypeReference<List<ColumnSpec>>() {}),
                  rows.getString(6));
          versions.add(new StoredVersion(version, rows.getTimestamp(8).toInstant()));
        }
      }
      return versions;
    }
  }

  /** Every completed drop of the dataset, newest first. */
  public List<DropRecord> drops(Connection connection, String dataset) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT drop_folder, outcome, version_id, reason, message, completed_at"
                + " FROM drop_outcome WHERE dataset = ? ORDER BY id DESC")) {
      select.setString(1, dataset);
      List<DropRecord> drops = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          drops.add(
              new DropRecord(
                  rows.getString(1),
                  Outcome.valueOf(rows.getString(2)),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getTimestamp(6).toInstant()));
        }
      }
      return drops;
    }
  }

  private static String json(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event records are always serialisable", e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) throws SQLException {
    try {
      return Json.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored version is unreadable: " + e.getOriginalMessage(), e);
    }
  }
}

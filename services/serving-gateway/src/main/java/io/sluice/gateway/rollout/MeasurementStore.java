package io.sluice.gateway.rollout;

import io.sluice.gateway.routing.LatencyHistogram;
import io.sluice.gateway.routing.VersionSample;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** JDBC access to {@code rollout_measurements}, always on the caller's transaction. */
@ApplicationScoped
public class MeasurementStore {

  /** Records what one replica measured of one version since its last drain. */
  public void insert(
      Connection connection, String replica, String model, int version, VersionSample sample)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO rollout_measurements (replica_id, model_name, version, requests, errors,"
                + " compared, agreed, latency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, replica);
      insert.setString(2, model);
      insert.setInt(3, version);
      insert.setLong(4, sample.requests());
      insert.setLong(5, sample.errors());
      insert.setLong(6, sample.compared());
      insert.setLong(7, sample.agreed());
      Long[] counts = Arrays.stream(sample.latency().counts()).boxed().toArray(Long[]::new);
      insert.setArray(8, connection.createArrayOf("bigint", counts));
      insert.executeUpdate();
    }
  }

  /** What all replicas measured of one version since {@code since}. */
  public VersionSample sum(Connection connection, String model, int version, Instant since)
      throws SQLException {
    VersionSample total = VersionSample.empty();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT requests, errors, compared, agreed, latency FROM rollout_measurements"
                + " WHERE model_name = ? AND version = ? AND measured_at > ?")) {
      query.setString(1, model);
      query.setInt(2, version);
      query.setTimestamp(3, Timestamp.from(since));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          total = total.plus(read(rows));
        }
      }
    }
    return total;
  }

  /** Forgets measurements older than {@code age}. */
  public int prune(Connection connection, Duration age) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM rollout_measurements WHERE measured_at < now() - make_interval(secs =>"
                + " ?)")) {
      delete.setDouble(1, age.toSeconds());
      return delete.executeUpdate();
    }
  }

  private static VersionSample read(ResultSet row) throws SQLException {
    Array array = row.getArray("latency");
    Long[] boxed = (Long[]) array.getArray();
    long[] counts = new long[boxed.length];
    for (int i = 0; i < boxed.length; i++) {
      counts[i] = boxed[i];
    }
    return new VersionSample(
        row.getLong("requests"),
        row.getLong("errors"),
        LatencyHistogram.of(counts),
        row.getLong("compared"),
        row.getLong("agreed"));
  }
}

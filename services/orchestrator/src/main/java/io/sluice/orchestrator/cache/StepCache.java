package io.sluice.orchestrator.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.CachedFrom;
import io.sluice.events.Json;
import io.sluice.events.StepDone;
import io.sluice.events.StepOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** JDBC access to {@code step_cache}, always on the caller's transaction. */
public final class StepCache {

  private static final ObjectMapper JSON = Json.mapper();

  /** The lookup: one primary-key probe (measured in {@code bench/}, {@code StepCacheBench}). */
  public static final String FIND =
      "SELECT run_id, step_name, attempt, outputs::text, metrics::text, image_digest, stored_at"
          + " FROM step_cache WHERE cache_key = ?";

  /** The entry of this key, if a step ran with it and succeeded. */
  public Optional<CacheEntry> find(Connection connection, String cacheKey) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(FIND)) {
      select.setString(1, cacheKey);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new CacheEntry(
                cacheKey,
                new CachedFrom(
                    rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getInt(3)),
                read(rs.getString(4), new TypeReference<List<StepOutput>>() {}),
                read(rs.getString(5), new TypeReference<Map<String, Double>>() {}),
                rs.getString(6),
                rs.getTimestamp(7).toInstant()));
      }
    }
  }

  /**
   * Remembers what an attempt that ran (not one reused from the cache) produced under its key. A
   * newer run of the same key replaces the entry: its outputs are the ones most likely to remain.
   */
  public void remember(Connection connection, String cacheKey, StepDone done) throws SQLException {
    String sql =
        "INSERT INTO step_cache (cache_key, run_id, step_name, attempt, outputs, metrics,"
            + " image_digest) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)"
            + " ON CONFLICT (cache_key) DO UPDATE SET run_id = excluded.run_id,"
            + " step_name = excluded.step_name, attempt = excluded.attempt,"
            + " outputs = excluded.outputs, metrics = excluded.metrics,"
            + " image_digest = excluded.image_digest, stored_at = now()";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, cacheKey);
      insert.setObject(2, UUID.fromString(done.runId()));
      insert.setString(3, done.stepName());
      insert.setInt(4, done.attempt());
      insert.setString(5, write(done.outputs()));
      insert.setString(6, write(done.metrics()));
      insert.setString(7, done.imageDigest());
      insert.executeUpdate();
    }
  }

  /**
   * Removes an entry found stale (its outputs are gone), unless it was replaced meanwhile by a
   * newer attempt of the same key.
   */
  public void forget(Connection connection, CacheEntry entry) throws SQLException {
    String sql =
        "DELETE FROM step_cache WHERE cache_key = ? AND run_id = ? AND step_name = ?"
            + " AND attempt = ?";
    try (PreparedStatement delete = connection.prepareStatement(sql)) {
      delete.setString(1, entry.cacheKey());
      delete.setObject(2, UUID.fromString(entry.origin().runId()));
      delete.setString(3, entry.origin().stepName());
      delete.setInt(4, entry.origin().attempt());
      delete.executeUpdate();
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON no longer reads as " + type.getType(), e);
    }
  }
}

package io.sluice.gateway.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelServeRequested;
import io.sluice.gateway.inference.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code promotion_request} table: approved versions, and versions a person asked to serve,
 * waiting to be prepared. Requests are idempotent (one row per version), claims are exclusive
 * across replicas ({@code SKIP LOCKED} and a lease), and a claim that outlives its lease is taken
 * over, so a crashed replica loses nothing.
 */
@ApplicationScoped
public class PromotionRequests {

  /**
   * A version one replica prepares now.
   *
   * @param cause the {@code model.evaluated} event that approved it
   * @param claim this replica's claim, checked when the promotion is recorded
   * @param attempts how often it was claimed, this time included
   */
  public record Claimed(EventEnvelope<?> cause, UUID claim, int attempts) {

    /** The version to prepare, from either kind of cause. */
    public ModelVersion version() {
      return PromotionRequests.versionOf(cause);
    }
  }

  private final ObjectMapper json = EventCodec.objectMapper();

  /** Records the request unless it is recorded already; true if this call recorded it. */
  public boolean request(Connection connection, EventEnvelope<ModelEvaluated> cause)
      throws SQLException {
    return insert(connection, cause, " DO NOTHING");
  }

  /**
   * Records a person's request to serve a version now; it replaces a waiting request of the same
   * version (a person's word outranks the gate's, and a later person's an earlier one's).
   */
  public void requestByHand(Connection connection, EventEnvelope<ModelServeRequested> cause)
      throws SQLException {
    insert(
        connection,
        cause,
        " DO UPDATE SET cause_headers = EXCLUDED.cause_headers,"
            + " cause_value = EXCLUDED.cause_value, requested_at = now(), claim = NULL,"
            + " claimed_until = NULL, attempts = 0");
  }

  private boolean insert(Connection connection, EventEnvelope<?> cause, String onConflict)
      throws SQLException {
    ModelVersion version = versionOf(cause);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO promotion_request (model_name, version, cause_headers, cause_value)"
                + " VALUES (?, ?, ?::jsonb, ?) ON CONFLICT (model_name, version)"
                + onConflict)) {
      insert.setString(1, version.name());
      insert.setInt(2, version.version());
      insert.setString(3, toJson(EventCodec.headers(cause)));
      insert.setBytes(4, EventCodec.encodeData(cause.data()));
      return insert.executeUpdate() == 1;
    }
  }

  /** The version an approval or a person's request names. */
  static ModelVersion versionOf(EventEnvelope<?> cause) {
    if (cause.data() instanceof ModelEvaluated e) {
      return new ModelVersion(e.modelName(), e.version(), e.artifact(), e.signature());
    }
    if (cause.data() instanceof ModelServeRequested r) {
      return new ModelVersion(r.modelName(), r.version(), r.artifact(), r.signature());
    }
    throw new IllegalArgumentException("no version to serve in " + cause.type());
  }

  /**
   * Claims the oldest request nobody prepares, for {@code lease}; empty when there is none. The
   * request is picked in a {@code MATERIALIZED} CTE so that it is picked once: as a subquery of
   * {@code UPDATE ... FROM} the planner may run it again for every row of the table (when the
   * statistics say the table is almost empty), and one claim then takes every waiting request.
   */
  public Optional<Claimed> claim(Connection connection, Duration lease) throws SQLException {
    UUID claim = UUID.randomUUID();
    try (PreparedStatement update =
        connection.prepareStatement(
            "WITH due AS MATERIALIZED (SELECT model_name, version FROM promotion_request"
                + " WHERE claimed_until IS NULL OR claimed_until < now() ORDER BY requested_at"
                + " LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE promotion_request r SET claim = ?,"
                + " attempts = r.attempts + 1, claimed_until = now() + make_interval(secs => ?)"
                + " FROM due WHERE r.model_name = due.model_name AND r.version = due.version"
                + " RETURNING r.cause_headers, r.cause_value, r.attempts")) {
      update.setObject(1, claim);
      update.setDouble(2, lease.toMillis() / 1000.0);
      try (ResultSet rows = update.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Claimed(decode(rows.getString(1), rows.getBytes(2)), claim, rows.getInt(3)));
      }
    }
  }

  /** Locks the claimed row for the rest of the transaction; false when the claim was lost. */
  public boolean stillHolds(Connection connection, Claimed claimed) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT 1 FROM promotion_request WHERE model_name = ? AND version = ? AND claim = ?"
                + " FOR UPDATE")) {
      bindKey(select, claimed);
      select.setObject(3, claimed.claim());
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Removes the request: the version was promoted, or can never be. */
  public void done(Connection connection, Claimed claimed) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM promotion_request WHERE model_name = ? AND version = ? AND claim = ?")) {
      bindKey(delete, claimed);
      delete.setObject(3, claimed.claim());
      delete.executeUpdate();
    }
  }

  /** Releases the claim so that the version is prepared again after {@code delay}. */
  public void retryAfter(Connection connection, Claimed claimed, Duration delay)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE promotion_request SET claim = NULL, claimed_until = now() +"
                + " make_interval(secs => ?) WHERE model_name = ? AND version = ? AND claim = ?")) {
      update.setDouble(1, delay.toMillis() / 1000.0);
      update.setString(2, claimed.version().name());
      update.setInt(3, claimed.version().version());
      update.setObject(4, claimed.claim());
      update.executeUpdate();
    }
  }

  private static void bindKey(PreparedStatement statement, Claimed claimed) throws SQLException {
    statement.setString(1, claimed.version().name());
    statement.setInt(2, claimed.version().version());
  }

  private String toJson(Map<String, String> headers) {
    try {
      return json.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers always serialise", e);
    }
  }

  private EventEnvelope<?> decode(String headers, byte[] value) throws SQLException {
    Map<String, String> map;
    try {
      map = json.readValue(headers, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("promotion_request holds unreadable headers: " + e.getMessage(), e);
    }
    if (EventCodec.decode(map, value) instanceof Decoded.Event event
        && (event.envelope().data() instanceof ModelEvaluated
            || event.envelope().data() instanceof ModelServeRequested)) {
      return event.envelope();
    }
    throw new SQLException("promotion_request holds an event that names no version to serve");
  }
}

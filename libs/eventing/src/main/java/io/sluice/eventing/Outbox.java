package io.sluice.eventing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes outgoing events into the {@code sluice_outbox} table on the caller's connection, so they
 * commit with the state change they announce. The same statement raises a Postgres notification,
 * which Postgres delivers only at commit: that is what wakes the {@link OutboxRelay}, in this
 * replica or any other.
 */
public final class Outbox {

  /** The Postgres notification channel the relay listens on. */
  public static final String CHANNEL = "sluice_outbox";

  // One round trip: the row and the notification that wakes the relay at commit.
  private static final String INSERT_AND_NOTIFY =
      "WITH inserted AS (INSERT INTO sluice_outbox"
          + " (topic, record_key, event_id, event_type, headers, payload)"
          + " VALUES (?, ?, ?, ?, ?::jsonb, ?) RETURNING id)"
          + " SELECT pg_notify('"
          + CHANNEL
          + "', '') FROM inserted";

  private final ObjectMapper json = EventCodec.objectMapper();

  public void append(Connection connection, EventEnvelope<?> event) throws SQLException {
    append(connection, OutboxMessage.of(event));
  }

  public void append(Connection connection, OutboxMessage message) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_AND_NOTIFY)) {
      insert.setString(1, message.topic());
      insert.setString(2, message.key());
      insert.setString(3, message.eventId());
      insert.setString(4, message.eventType());
      insert.setString(5, headersJson(message));
      insert.setBytes(6, message.payload());
      insert.execute();
    }
  }

  private String headersJson(OutboxMessage message) {
    try {
      return json.writeValueAsString(message.headers());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers of " + message.eventId() + " are not JSON", e);
    }
  }
}

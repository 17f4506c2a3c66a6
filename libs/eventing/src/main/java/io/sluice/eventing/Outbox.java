package io.sluice.eventing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

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

  // What a record adds around its key, value and headers on the wire (batch header, varints), with
  // room to spare: an event that passes here is never refused by the producer's own size check.
  private static final int RECORD_OVERHEAD_BYTES = 512;

  private final ObjectMapper json = EventCodec.objectMapper();
  private final int maxRecordBytes;

  /** An outbox for events up to Sluice's default producer limit. */
  public Outbox() {
    this(KafkaClientConfig.DEFAULT_MAX_REQUEST_BYTES);
  }

  /**
   * @param maxRecordBytes the producer's {@code max.request.size}: a bigger event is refused at
   *     {@link #append}, before it can become a row that is never published
   */
  public Outbox(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Whether Kafka would take the event: a source whose event may grow with user content (a step's
   * output files) asks first and reports the problem in a small event instead. Pass the same
   * message to {@link #append(Connection, OutboxMessage)}, so the event is encoded once.
   */
  public boolean fits(OutboxMessage message) {
    return recordBytes(message) <= maxRecordBytes;
  }

  /** The most bytes one event may take on Kafka (the producer's {@code max.request.size}). */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  public void append(Connection connection, EventEnvelope<?> event) throws SQLException {
    append(connection, OutboxMessage.of(event));
  }

  /**
   * Writes the message on the caller's connection.
   *
   * @throws EventTooLargeException when Kafka would never take it; nothing was written
   */
  public void append(Connection connection, OutboxMessage message) throws SQLException {
    checkSize(message);
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

  private void checkSize(OutboxMessage message) {
    long size = recordBytes(message);
    if (size > maxRecordBytes) {
      throw new EventTooLargeException(
          message.eventId(), message.eventType(), size, maxRecordBytes);
    }
  }

  /** An upper bound of the message's size as the producer counts it. */
  static long recordBytes(OutboxMessage message) {
    long size = RECORD_OVERHEAD_BYTES + utf8Length(message.key()) + message.payload().length;
    for (Map.Entry<String, String> header : message.headers().entrySet()) {
      size += 10 + utf8Length(header.getKey()) + utf8Length(header.getValue());
    }
    return size;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private String headersJson(OutboxMessage message) {
    try {
      return json.writeValueAsString(message.headers());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers of " + message.eventId() + " are not JSON", e);
    }
  }
}

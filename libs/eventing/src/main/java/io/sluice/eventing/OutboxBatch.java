package io.sluice.eventing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.EventCodec;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Unsent outbox rows in id order, read and later deleted together. */
final class OutboxBatch {

  private static final String SELECT =
      "SELECT id, topic, record_key, event_id, event_type, headers::text, payload"
          + " FROM sluice_outbox ORDER BY id LIMIT ?";
  private static final String DELETE = "DELETE FROM sluice_outbox WHERE id = ANY(?)";
  private static final String PARK =
      "INSERT INTO sluice_outbox_parked (id, topic, record_key, event_id, event_type, headers,"
          + " payload, created_at, error) SELECT id, topic, record_key, event_id, event_type,"
          + " headers, payload, created_at, ? FROM sluice_outbox WHERE id = ?"
          + " ON CONFLICT (id) DO NOTHING";
  private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

  private final List<Long> ids;
  private final List<OutboxMessage> messages;

  private OutboxBatch(List<Long> ids, List<OutboxMessage> messages) {
    this.ids = ids;
    this.messages = messages;
  }

  static OutboxBatch read(Connection connection, int limit) throws Exception {
    ObjectMapper json = EventCodec.objectMapper();
    List<Long> ids = new ArrayList<>();
    List<OutboxMessage> messages = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(SELECT)) {
      select.setInt(1, limit);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
          messages.add(
              new OutboxMessage(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  json.readValue(rs.getString(6), HEADERS),
                  rs.getBytes(7)));
        }
      }
    }
    return new OutboxBatch(ids, messages);
  }

  void delete(Connection connection) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      Array idArray = connection.createArrayOf("bigint", ids.toArray());
      delete.setArray(1, idArray);
      delete.executeUpdate();
    }
  }

  /**
   * Moves the rows at {@code refused} (indexes into this batch, with Kafka's error) to {@code
   * sluice_outbox_parked} and deletes the whole batch, in one transaction: a row is either waiting,
   * published or parked, never lost between two tables.
   */
  void parkAndDelete(Connection connection, Map<Integer, String> refused) throws SQLException {
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement park = connection.prepareStatement(PARK)) {
        for (Map.Entry<Integer, String> row : refused.entrySet()) {
          park.setString(1, row.getValue());
          park.setLong(2, ids.get(row.getKey()));
          park.executeUpdate();
        }
      }
      delete(connection);
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  long id(int index) {
    return ids.get(index);
  }

  boolean isEmpty() {
    return ids.isEmpty();
  }

  int size() {
    return ids.size();
  }

  List<OutboxMessage> messages() {
    return messages;
  }
}

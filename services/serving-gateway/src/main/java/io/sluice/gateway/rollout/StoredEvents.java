package io.sluice.gateway.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.events.Decoded;
import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import java.sql.SQLException;
import java.util.Map;

/** An event kept in a row as it came (CloudEvents headers and data), to cause later events. */
public final class StoredEvents {

  private static final ObjectMapper JSON = EventCodec.objectMapper();

  private StoredEvents() {}

  public static String headers(EventEnvelope<?> event) {
    try {
      return JSON.writeValueAsString(EventCodec.headers(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("headers always serialise", e);
    }
  }

  public static byte[] value(EventEnvelope<?> event) {
    return EventCodec.encodeData(event.data());
  }

  public static EventEnvelope<?> decode(String headers, byte[] value) throws SQLException {
    Map<String, String> map;
    try {
      map = JSON.readValue(headers, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored event has unreadable headers: " + e.getMessage(), e);
    }
    if (EventCodec.decode(map, value) instanceof Decoded.Event event) {
      return event.envelope();
    }
    throw new SQLException("a stored event can no longer be decoded");
  }
}

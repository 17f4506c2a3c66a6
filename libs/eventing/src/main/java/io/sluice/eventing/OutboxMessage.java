package io.sluice.eventing;

import io.sluice.events.EventCodec;
import io.sluice.events.EventEnvelope;
import java.util.Map;
import java.util.Objects;

/** One record as it will be published: topic, key, CloudEvents headers and the data bytes. */
public record OutboxMessage(
    String topic,
    String key,
    String eventId,
    String eventType,
    Map<String, String> headers,
    byte[] payload) {

  public OutboxMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(payload, "payload");
  }

  public static OutboxMessage of(EventEnvelope<?> event) {
    return new OutboxMessage(
        event.topic(),
        event.key(),
        event.id(),
        event.type().ceType(),
        EventCodec.headers(event),
        EventCodec.encodeData(event.data()));
  }
}

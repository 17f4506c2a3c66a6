package io.sluice.eventing;

import io.sluice.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One record of a service's dead-letter topic: where it sits there, the original key, value and
 * headers, and the headers {@link DeadLetters} added (error, origin, time).
 */
public record DeadLetter(
    String topic,
    int partition,
    long offset,
    String key,
    Map<String, String> headers,
    byte[] value) {

  public DeadLetter {
    headers = Map.copyOf(headers);
  }

  public String error() {
    return headers.get(DeadLetters.ERROR);
  }

  public String originTopic() {
    return headers.get(DeadLetters.ORIGIN_TOPIC);
  }

  /** Where the record first arrived, {@code topic/partition/offset}. */
  public String origin() {
    return originTopic()
        + "/"
        + headers.get(DeadLetters.ORIGIN_PARTITION)
        + "/"
        + headers.get(DeadLetters.ORIGIN_OFFSET);
  }

  /** Where this dead letter sits, {@code topic/partition/offset}. */
  public String position() {
    return topic + "/" + partition + "/" + offset;
  }

  public String deadLetteredAt() {
    return headers.get(DeadLetters.DEAD_LETTERED_AT);
  }

  public String eventId() {
    return headers.get(CloudEventHeaders.ID);
  }

  public String eventType() {
    return headers.get(CloudEventHeaders.TYPE);
  }

  public String valueAsText() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }
}

package io.sluice.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as it travels: the CloudEvents attributes Sluice uses plus the typed data. The Kafka
 * key is the {@link #subject()} (dataset name, run id or model name), so all events of one
 * aggregate stay in order on one partition.
 *
 * @param id the event id, a UUIDv7; consumers deduplicate on it
 * @param source {@code /sluice/<service>}
 * @param subject the aggregate id, also the Kafka key
 * @param correlationId ties a whole chain together (the dataset version for data-triggered work)
 * @param causationId the id of the event that caused this one, or null for a first cause
 * @param traceparent W3C trace context; null only on events written before traces existed
 */
public record EventEnvelope<T extends EventData>(
    String id,
    String source,
    Instant time,
    String subject,
    String correlationId,
    String causationId,
    String traceparent,
    T data) {

  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(data, "data");
  }

  /**
   * A first event of a chain: its own id is its correlation id unless one is given, and it starts a
   * new trace.
   */
  public static <T extends EventData> EventEnvelope<T> first(
      String service, String subject, String correlationId, T data) {
    String id = UuidV7.nextString();
    return new EventEnvelope<>(
        id,
        sourceOf(service),
        Instant.now(),
        subject,
        correlationId == null ? id : correlationId,
        null,
        TraceParent.start().header(),
        data);
  }

  /**
   * An event caused by {@code cause}: same correlation and trace (a new span of it), causation =
   * cause's id. A cause without a usable trace context starts a new trace.
   */
  public static <T extends EventData> EventEnvelope<T> causedBy(
      EventEnvelope<?> cause, String service, String subject, T data) {
    return new EventEnvelope<>(
        UuidV7.nextString(),
        sourceOf(service),
        Instant.now(),
        subject,
        cause.correlationId(),
        cause.id(),
        TraceParent.continuing(cause.traceparent()),
        data);
  }

  public static String sourceOf(String service) {
    return "/sluice/" + service;
  }

  public EventType type() {
    return data.eventType();
  }

  public String topic() {
    return type().topic();
  }

  public String key() {
    return subject;
  }
}

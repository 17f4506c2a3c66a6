package io.sluice.e2e.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.CloudEventHeaders;
import io.sluice.events.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One platform event as a consumer sees it on the wire.
 *
 * @param id the CloudEvents id
 * @param type the short type, e.g. {@code model.promoted} for {@code io.sluice.model.promoted.v1}
 * @param source who produced it, e.g. {@code /sluice/serving-gateway}
 * @param subject the aggregate id
 * @param correlationId what ties the chain together (the dataset version for data-driven work)
 * @param traceparent the W3C trace context header, or "" when absent
 * @param time when the producer wrote it (the record's timestamp)
 * @param data the event's JSON data
 */
public record Event(
    String id,
    String type,
    String source,
    String subject,
    String correlationId,
    String traceparent,
    Instant time,
    JsonNode data) {

  static Event of(ConsumerRecord<byte[], byte[]> record) {
    return new Event(
        header(record, CloudEventHeaders.ID),
        shortType(header(record, CloudEventHeaders.TYPE)),
        header(record, CloudEventHeaders.SOURCE),
        header(record, CloudEventHeaders.SUBJECT),
        header(record, CloudEventHeaders.CORRELATION_ID),
        header(record, CloudEventHeaders.TRACEPARENT),
        Instant.ofEpochMilli(record.timestamp()),
        parse(record.value()));
  }

  /** The trace id of {@link #traceparent}: {@code 00-<trace id>-<span id>-<flags>}; "" if none. */
  public String traceId() {
    String[] parts = traceparent.split("-");
    return parts.length == 4 ? parts[1] : "";
  }

  /** A top-level text field of the data, or "" when absent. */
  public String text(String field) {
    return data.path(field).asText("");
  }

  public boolean is(String shortType) {
    return type.equals(shortType);
  }

  /** {@code io.sluice.step.done.v1} → {@code step.done}. */
  static String shortType(String ceType) {
    String name =
        ceType.startsWith("io.sluice.") ? ceType.substring("io.sluice.".length()) : ceType;
    int version = name.lastIndexOf(".v");
    return version > 0 ? name.substring(0, version) : name;
  }

  private static JsonNode parse(byte[] value) {
    try {
      return value == null ? Json.mapper().createObjectNode() : Json.mapper().readTree(value);
    } catch (IOException e) {
      return Json.mapper()
          .createObjectNode()
          .put("unparseable", new String(value, StandardCharsets.UTF_8));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Everything, untruncated, for assertion messages. */
  public String describe() {
    return time + " " + type + " " + subject + " " + data;
  }

  /** One line, the data cut at 600 characters, for event dumps. */
  @Override
  public String toString() {
    String shown = data.toString();
    return time
        + " "
        + type
        + " "
        + subject
        + " "
        + (shown.length() > 600 ? shown.substring(0, 600) + "…" : shown);
  }
}

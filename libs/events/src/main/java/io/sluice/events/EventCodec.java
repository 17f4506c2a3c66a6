package io.sluice.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns envelopes into Kafka headers and value bytes (CloudEvents 1.0, binary mode) and back. The
 * module has no Kafka dependency: headers are a map of UTF-8 strings.
 */
public final class EventCodec {

  private EventCodec() {}

  /** The shared, configured mapper of the contract (see {@link Json}). */
  public static ObjectMapper objectMapper() {
    return Json.mapper();
  }

  /** The CloudEvents headers of an envelope, in a stable order; optional ones only when set. */
  public static Map<String, String> headers(EventEnvelope<?> envelope) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
    headers.put(CloudEventHeaders.ID, envelope.id());
    headers.put(CloudEventHeaders.TYPE, envelope.type().ceType());
    headers.put(CloudEventHeaders.SOURCE, envelope.source());
    headers.put(CloudEventHeaders.TIME, envelope.time().toString());
    headers.put(CloudEventHeaders.SUBJECT, envelope.subject());
    headers.put(CloudEventHeaders.CORRELATION_ID, envelope.correlationId());
    if (envelope.causationId() != null) {
      headers.put(CloudEventHeaders.CAUSATION_ID, envelope.causationId());
    }
    if (envelope.traceparent() != null) {
      headers.put(CloudEventHeaders.TRACEPARENT, envelope.traceparent());
    }
    headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
    return headers;
  }

  /** The record value: the data as JSON. */
  public static byte[] encodeData(EventData data) {
    try {
      return Json.mapper().writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      // Records of this module always serialize; this is a bug, not bad input.
      throw new IllegalStateException("cannot serialize " + data.eventType(), e);
    }
  }

  /**
   * Decodes one record. Never throws: anything that makes the record unusable (a missing or invalid
   * header, an unknown type or version, JSON that does not parse, data that violates the schema or
   * the record's own checks) comes back as {@link Decoded.Unusable}. Unknown fields are ignored.
   */
  public static Decoded decode(Map<String, String> headers, byte[] value) {
    try {
      HeaderReader.Result read = HeaderReader.read(headers);
      if (read instanceof HeaderReader.Invalid invalid) {
        return new Decoded.Unusable(invalid.reason());
      }
      HeaderReader.Valid valid = (HeaderReader.Valid) read;
      return decodeData(valid, value);
    } catch (RuntimeException e) {
      return new Decoded.Unusable("the record could not be decoded: " + e);
    }
  }

  private static Decoded decodeData(HeaderReader.Valid headers, byte[] value) {
    EventType type = headers.type();
    String what = "the data of " + type.ceType() + " (ce_id " + headers.id() + ")";
    if (value == null || value.length == 0) {
      return new Decoded.Unusable(what + " is missing: the record has no value");
    }
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(value);
    } catch (IOException e) {
      return new Decoded.Unusable(what + " is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      return new Decoded.Unusable(what + " is not a JSON object");
    }
    List<String> violations = DataSchemas.violations(type, tree);
    if (!violations.isEmpty()) {
      return new Decoded.Unusable(
          what + " does not match its schema: " + String.join("; ", violations));
    }
    EventData data;
    try {
      data = Json.mapper().treeToValue(tree, type.dataClass());
    } catch (IOException | IllegalArgumentException e) {
      return new Decoded.Unusable(what + " was rejected: " + rootMessage(e));
    }
    return new Decoded.Event(headers.envelope(data));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root instanceof JsonProcessingException json
        ? firstLine(json.getOriginalMessage())
        : root.getMessage();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

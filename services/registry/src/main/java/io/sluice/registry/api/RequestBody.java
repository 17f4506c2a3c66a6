package io.sluice.registry.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sluice.registry.ModelNames;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;

/**
 * The small JSON bodies of alias moves and decisions, read strictly: bounded, valid UTF-8, one
 * object, no duplicate or unknown fields, and a {@code reason} a person wrote (required, bounded,
 * without control characters that would forge log lines or break a terminal). Every problem is a
 * 400 that names it.
 */
final class RequestBody {

  /** The largest accepted body. */
  static final int MAX_BYTES = 16 * 1024;

  /** The longest reason. */
  static final int MAX_REASON_CHARS = 1000;

  /** The longest {@code Idempotency-Key}. */
  static final int MAX_KEY_CHARS = 200;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private RequestBody() {}

  /** The body as an object with only {@code fields}; {@code shape} is shown in errors. */
  static JsonNode object(InputStream body, Set<String> fields, String shape) {
    JsonNode request = object(body, MAX_BYTES, shape);
    Iterator<String> names = request.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw badRequest(
            "unknown field '"
                + ModelNames.shown(name)
                + "'; the body has only "
                + fields.stream().sorted().toList());
      }
    }
    return request;
  }

  /** The required {@code reason}. */
  static String reason(JsonNode request) {
    JsonNode node = request.get("reason");
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw badRequest("reason is required: say why, e.g. {\"reason\": \"beats v3 on recall\"}");
    }
    String reason = node.asText().strip();
    if (reason.length() > MAX_REASON_CHARS) {
      throw badRequest("reason may have at most " + MAX_REASON_CHARS + " characters");
    }
    if (reason.chars().anyMatch(Character::isISOControl)) {
      throw badRequest("reason must not hold control characters (NUL, line breaks, escapes, ...)");
    }
    return reason;
  }

  /** An optional version field: absent or null for none, else a whole JSON number from 1. */
  static Integer version(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
      throw badRequest(field + " must be a version number (a whole number from 1)");
    }
    return node.intValue();
  }

  /** The client's {@code Idempotency-Key}: printable ASCII, so it is stored and logged as it is. */
  static String idempotencyKey(String key) {
    if (key == null) {
      return null;
    }
    if (key.isEmpty() || key.length() > MAX_KEY_CHARS || !key.matches("[\\x21-\\x7e]+")) {
      throw badRequest(
          "Idempotency-Key must be 1 to "
              + MAX_KEY_CHARS
              + " printable ASCII characters without spaces");
    }
    return key;
  }

  /** The body as a JSON object of at most {@code maxBytes}; {@code shape} is shown in errors. */
  static JsonNode object(InputStream body, int maxBytes, String shape) {
    return parse(readLimited(body, maxBytes), shape);
  }

  private static JsonNode parse(byte[] body, String shape) {
    try {
      // Read from bytes: Jackson refuses malformed UTF-8 where a String would hide it.
      JsonNode request = JSON.readTree(body);
      if (request == null || !request.isObject()) {
        throw badRequest("the body must be a JSON object such as " + shape);
      }
      return request;
    } catch (JsonProcessingException e) {
      throw badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }

  private static byte[] readLimited(InputStream body, int maxBytes) {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw badRequest("the body may have at most " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Status.BAD_REQUEST, detail);
  }
}

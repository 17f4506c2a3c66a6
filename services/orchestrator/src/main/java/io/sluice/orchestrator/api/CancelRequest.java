package io.sluice.orchestrator.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

/**
 * The optional body of a cancel request, {@code {"reason": "..."}}. A missing or empty body, or one
 * without a reason, cancels for {@link #DEFAULT_REASON}. Anything else that is not exactly that
 * shape is refused, so a typo ({@code "reasn"}) fails loudly instead of being ignored.
 */
final class CancelRequest {

  static final String DEFAULT_REASON = "cancelled by user";

  /** The longest accepted reason, in characters (code points). */
  static final int MAX_REASON_CHARS = 500;

  /** The largest accepted body: room for the longest reason written with JSON escapes. */
  static final int MAX_BYTES = 8 * 1024;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private CancelRequest() {}

  /** The reason a request body gives, or the default; a problem (400) for a bad body. */
  static String reason(InputStream body) {
    JsonNode request = parse(readLimited(body));
    if (request.isMissingNode()) {
      return DEFAULT_REASON;
    }
    Iterator<String> fields = request.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!field.equals("reason")) {
        throw badRequest("unknown field '" + field + "'; a cancel request has only 'reason'");
      }
    }
    JsonNode reason = request.get("reason");
    return reason == null ? DEFAULT_REASON : validReason(reason);
  }

  /** The body as JSON; a missing node when it is empty or only white space. */
  private static JsonNode parse(byte[] body) {
    try {
      // Read from bytes: Jackson refuses malformed UTF-8 where a String would hide it.
      JsonNode request = JSON.readTree(body);
      if (!request.isObject() && !request.isMissingNode()) {
        throw badRequest("the body must be a JSON object such as {\"reason\": \"...\"}");
      }
      return request;
    } catch (JsonProcessingException e) {
      throw badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }

  private static String validReason(JsonNode reason) {
    if (!reason.isTextual() || reason.asText().isBlank()) {
      throw badRequest("reason must be a non-blank string");
    }
    String text = reason.asText();
    if (text.chars().anyMatch(Character::isISOControl)) {
      // NUL cannot be stored in Postgres text; a line break would forge log lines.
      throw badRequest("reason must not hold control characters (NUL, line breaks, ...)");
    }
    if (text.codePointCount(0, text.length()) > MAX_REASON_CHARS) {
      throw badRequest("reason may have at most " + MAX_REASON_CHARS + " characters");
    }
    return text;
  }

  private static byte[] readLimited(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw badRequest("a cancel request body may have at most " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail));
  }
}

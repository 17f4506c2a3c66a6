package io.sluice.gateway.api;

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
 * The optional body of a person's action on a rollout, {@code {"reason": "..."}}: read strictly
 * (bounded, valid UTF-8, no duplicate or unknown field, no control characters), so that a typo
 * fails loudly instead of being ignored. A missing or empty body gives the action's default reason.
 */
final class ReasonBody {

  /** The longest accepted reason, in characters (code points). */
  static final int MAX_REASON_CHARS = 500;

  /** The largest accepted body: room for the longest reason written with JSON escapes. */
  static final int MAX_BYTES = 8 * 1024;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ReasonBody() {}

  static String reason(InputStream body, String defaultReason) {
    JsonNode request = parse(read(body));
    Iterator<String> names = request.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("reason")) {
        throw badRequest("unknown field '" + Names.shown(name) + "'; the body has only [reason]");
      }
    }
    JsonNode reason = request.get("reason");
    return reason == null ? defaultReason : valid(reason);
  }

  private static String valid(JsonNode reason) {
    if (!reason.isTextual() || reason.asText().isBlank()) {
      throw badRequest("reason must be a non-blank string");
    }
    String text = reason.asText();
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw badRequest("reason must not hold control characters (NUL, line breaks, ...)");
    }
    if (text.codePointCount(0, text.length()) > MAX_REASON_CHARS) {
      throw badRequest("reason may have at most " + MAX_REASON_CHARS + " characters");
    }
    return text;
  }

  private static JsonNode parse(byte[] body) {
    try {
      // From bytes: Jackson refuses malformed UTF-8 where a String would hide it.
      JsonNode request = JSON.readTree(body);
      if (!request.isObject() && !request.isMissingNode()) {
        throw badRequest("the body must be a JSON object");
      }
      return request;
    } catch (JsonProcessingException e) {
      throw badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }

  private static byte[] read(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw badRequest("the body may have at most " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }

  private static RolloutProblem.Refusal badRequest(String detail) {
    return new RolloutProblem.Refusal(Response.Status.BAD_REQUEST, detail);
  }
}

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
import java.util.Set;

/**
 * Reads a small JSON object body strictly: bounded, valid UTF-8, no duplicate or unknown fields, so
 * that a typo fails loudly instead of being ignored. Every problem is a 400 naming it.
 */
final class JsonBody {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private JsonBody() {}

  /**
   * The body as an object; a missing node when it is absent, empty or only white space.
   *
   * @param what the request, for messages ("a cancel request")
   * @param fields the fields it may have
   */
  static JsonNode object(InputStream body, int maxBytes, String what, Set<String> fields) {
    JsonNode request = parse(readLimited(body, maxBytes, what), what);
    Iterator<String> names = request.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw badRequest(
            "unknown field '"
                + name
                + "'; "
                + what
                + " has only "
                + fields.stream().sorted().toList());
      }
    }
    return request;
  }

  /** Rejects text that Postgres cannot store (NUL) or that would forge log lines (line breaks). */
  static String plainText(String text, String field) {
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw badRequest(field + " must not hold control characters (NUL, line breaks, ...)");
    }
    return text;
  }

  static ProblemException badRequest(String detail) {
    return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail));
  }

  private static JsonNode parse(byte[] body, String what) {
    try {
      // Read from bytes: Jackson refuses malformed UTF-8 where a String would hide it.
      JsonNode request = JSON.readTree(body);
      if (!request.isObject() && !request.isMissingNode()) {
        throw badRequest("the body of " + what + " must be a JSON object");
      }
      return request;
    } catch (JsonProcessingException e) {
      throw badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }

  private static byte[] readLimited(InputStream body, int maxBytes, String what) {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw badRequest("the body of " + what + " may have at most " + maxBytes + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw badRequest("unreadable body");
    }
  }
}

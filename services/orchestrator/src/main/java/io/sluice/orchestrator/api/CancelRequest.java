package io.sluice.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.Set;

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

  private CancelRequest() {}

  /** The reason a request body gives, or the default; a problem (400) for a bad body. */
  static String reason(InputStream body) {
    JsonNode request = JsonBody.object(body, MAX_BYTES, "a cancel request", Set.of("reason"));
    JsonNode reason = request.get("reason");
    return reason == null ? DEFAULT_REASON : validReason(reason);
  }

  private static String validReason(JsonNode reason) {
    if (!reason.isTextual() || reason.asText().isBlank()) {
      throw badRequest("reason must be a non-blank string");
    }
    String text = JsonBody.plainText(reason.asText(), "reason");
    if (text.codePointCount(0, text.length()) > MAX_REASON_CHARS) {
      throw badRequest("reason may have at most " + MAX_REASON_CHARS + " characters");
    }
    return text;
  }

  private static ProblemException badRequest(String detail) {
    return JsonBody.badRequest(detail);
  }
}

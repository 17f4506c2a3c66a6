package io.sluice.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.orchestrator.run.ManualRuns;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bodies of the requests that start runs by hand. A run start is {@code {"datasetVersion"?,
 * "pipelineVersion"?, "params"?: {name: value}, "cache"?: bool}}; a re-run's is {@code {"cache"?:
 * bool}}; a retry's is empty. Every field is checked; anything else is a 400 naming it.
 */
final class ManualRunRequest {

  static final int MAX_BYTES = 64 * 1024;
  static final int MAX_PARAMS = 100;
  static final int MAX_PARAM_CHARS = 4096;
  static final int MAX_KEY_CHARS = 200;

  private static final Set<String> START_FIELDS =
      Set.of("datasetVersion", "pipelineVersion", "params", "cache");

  private ManualRunRequest() {}

  static ManualRuns.Request start(InputStream body, String idempotencyKey) {
    JsonNode request = JsonBody.object(body, MAX_BYTES, "a run request", START_FIELDS);
    return new ManualRuns.Request(
        version(request.get("pipelineVersion"), "pipelineVersion"),
        version(request.get("datasetVersion"), "datasetVersion"),
        params(request.get("params")),
        cache(request.get("cache")),
        idempotencyKey(idempotencyKey));
  }

  /** The {@code cache} of a re-run's body, or null when not given. */
  static Boolean rerunCache(InputStream body) {
    return cache(
        JsonBody.object(body, MAX_BYTES, "a re-run request", Set.of("cache")).get("cache"));
  }

  /** A retry takes no options: an empty body or {@code {}}. */
  static void retry(InputStream body) {
    JsonBody.object(body, MAX_BYTES, "a retry request", Set.of());
  }

  /**
   * The client's {@code Idempotency-Key}: printable ASCII, so it can be stored and logged as it is.
   */
  static String idempotencyKey(String key) {
    if (key == null) {
      return null;
    }
    if (key.isEmpty() || key.length() > MAX_KEY_CHARS || !key.matches("[\\x21-\\x7e]+")) {
      throw JsonBody.badRequest(
          "Idempotency-Key must be 1 to "
              + MAX_KEY_CHARS
              + " printable ASCII characters without spaces");
    }
    return key;
  }

  private static String version(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || !node.asText().matches("[0-9a-f]{64}")) {
      throw JsonBody.badRequest(field + " must be a version id: 64 lowercase hex digits");
    }
    return node.asText();
  }

  private static Boolean cache(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw JsonBody.badRequest("cache must be true or false");
    }
    return node.asBoolean();
  }

  /** Values as the spec's params are: strings, numbers and booleans, carried as strings. */
  private static Map<String, String> params(JsonNode node) {
    Map<String, String> params = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return params;
    }
    if (!node.isObject()) {
      throw JsonBody.badRequest("params must be an object of param name to value");
    }
    if (node.size() > MAX_PARAMS) {
      throw JsonBody.badRequest("params may have at most " + MAX_PARAMS + " entries");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
        throw JsonBody.badRequest(
            "param '" + field.getKey() + "' must be a string, a number or a boolean");
      }
      String text = JsonBody.plainText(value.asText(), "param '" + field.getKey() + "'");
      if (text.length() > MAX_PARAM_CHARS) {
        throw JsonBody.badRequest(
            "param '" + field.getKey() + "' may have at most " + MAX_PARAM_CHARS + " characters");
      }
      params.put(field.getKey(), text);
    }
    return params;
  }
}

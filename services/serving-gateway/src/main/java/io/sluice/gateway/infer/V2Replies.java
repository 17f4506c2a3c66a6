package io.sluice.gateway.infer;

import io.sluice.gateway.api.VersionChoice;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The answers of the inference route, written straight to Vert.x: the model's response bytes, or
 * the protocol's {@code {"error": "..."}}. Safe to call from any thread (Vert.x hands the write to
 * the connection's event loop).
 */
final class V2Replies {

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence VERSION_HEADER =
      HttpHeaders.createOptimized(VersionChoice.VERSION_HEADER);

  private V2Replies() {}

  /** 200 with the answer, and the version that gave it. */
  static void answer(HttpServerResponse response, int version, byte[] body) {
    MultiMap headers = response.headers();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(VERSION_HEADER, Integer.toString(version));
    response.end(Buffer.buffer(body));
  }

  /** A refusal; {@code version} is the version that refused it, or 0 when none was chosen. */
  static void error(HttpServerResponse response, int status, String message, int version) {
    if (version > 0) {
      response.headers().set(VERSION_HEADER, Integer.toString(version));
    }
    error(response, status, message);
  }

  static Future<Void> error(HttpServerResponse response, int status, String message) {
    return response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(new JsonObject().put("error", message).toBuffer());
  }
}

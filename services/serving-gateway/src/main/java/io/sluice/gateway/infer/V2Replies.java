package io.sluice.gateway.infer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.gateway.api.VersionChoice;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers of the inference route, written straight to Vert.x: the model's response bytes, or
 * the protocol's {@code {"error": "..."}}. Safe to call from any thread (Vert.x hands the write to
 * the connection's event loop). Every error is counted by status ({@value #FAILURES}): the route is
 * left out of Quarkus' HTTP server metrics, whose per-request timer cost as much as scoring the
 * Iris model, and answers are counted per version by {@code sluice.gateway.requests}.
 */
final class V2Replies {

  static final String FAILURES = "sluice.gateway.inference.failures";

  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence VERSION_HEADER =
      HttpHeaders.createOptimized(VersionChoice.VERSION_HEADER);

  private final MeterRegistry registry;
  private final Map<Integer, Counter> failures = new ConcurrentHashMap<>();

  V2Replies(MeterRegistry registry) {
    this.registry = registry;
  }

  /** 200 with the answer, and the version that gave it. */
  void answer(HttpServerResponse response, int version, byte[] body) {
    MultiMap headers = response.headers();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    headers.set(VERSION_HEADER, Integer.toString(version));
    response.end(Buffer.buffer(body));
  }

  /** A refusal; {@code version} is the version that refused it, or 0 when none was chosen. */
  void error(HttpServerResponse response, int status, String message, int version) {
    if (version > 0) {
      response.headers().set(VERSION_HEADER, Integer.toString(version));
    }
    error(response, status, message);
  }

  Future<Void> error(HttpServerResponse response, int status, String message) {
    failures
        .computeIfAbsent(
            status,
            code ->
                Counter.builder(FAILURES)
                    .description("Inference requests not answered with 200, by status")
                    .tag("status", Integer.toString(code))
                    .register(registry))
        .increment();
    return response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(new JsonObject().put("error", message).toBuffer());
  }
}

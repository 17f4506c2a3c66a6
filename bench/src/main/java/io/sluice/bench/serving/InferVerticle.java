package io.sluice.bench.serving;

import ai.onnxruntime.OrtException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One event loop's HTTP server of {@link VertxOnnxServer}: body in, parse, score, body out, all on
 * the event loop, with header names and values interned once ({@link HttpHeaders#createOptimized}).
 */
final class InferVerticle extends AbstractVerticle {

  private static final String PREFIX = "/v2/models/";
  private static final String SUFFIX = "/infer";
  private static final CharSequence JSON_TYPE = HttpHeaders.createOptimized("application/json");
  private static final CharSequence CONTENT_TYPE =
      HttpHeaders.createOptimized(HttpHeaderNames.CONTENT_TYPE.toString());

  private final OnnxScorer scorer;
  private final List<String> classNames;
  private final int port;
  private final Ports ports;

  InferVerticle(OnnxScorer scorer, List<String> classNames, int port, Ports ports) {
    this.scorer = scorer;
    this.classNames = classNames;
    this.port = port;
    this.ports = ports;
  }

  @Override
  public void start(Promise<Void> started) {
    HttpServerOptions options =
        new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true);
    vertx
        .createHttpServer(options)
        .requestHandler(this::handle)
        .listen()
        .onSuccess(server -> ports.record(server.actualPort()))
        .<Void>mapEmpty()
        .onComplete(started);
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (request.method() != HttpMethod.POST
        || !path.startsWith(PREFIX)
        || !path.endsWith(SUFFIX)
        || path.length() <= PREFIX.length() + SUFFIX.length()) {
      answer(request, 404, error("only POST /v2/models/<name>/infer is served"));
      return;
    }
    String modelName = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    request
        .body()
        .onSuccess(body -> answer(request, modelName, body))
        .onFailure(e -> request.response().setStatusCode(400).end());
  }

  private void answer(HttpServerRequest request, String modelName, Buffer body) {
    try {
      answer(request, 200, infer(modelName, body.getBytes()));
    } catch (V2Json.BadRequestException | com.fasterxml.jackson.core.JsonProcessingException e) {
      answer(request, 400, error(e.getMessage()));
    } catch (IOException | OrtException | RuntimeException e) {
      answer(request, 500, error("scoring failed: " + e.getMessage()));
    }
  }

  private byte[] infer(String modelName, byte[] body) throws IOException, OrtException {
    V2Json.Request parsed = V2Json.readRequest(body);
    OnnxScorer.Scores scores = scorer.score(parsed.data(), parsed.rows(), parsed.features());
    String id = parsed.id() != null ? parsed.id() : randomId();
    return V2Json.writeResponse(modelName, id, classNames, scores);
  }

  private static void answer(HttpServerRequest request, int status, byte[] body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader(CONTENT_TYPE, JSON_TYPE)
        .end(Buffer.buffer(body));
  }

  private static byte[] error(String message) {
    try {
      return V2Json.writeError(message);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
  }

  // As the gateway: not UUID.randomUUID(), whose SecureRandom all threads share.
  private static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** The port the verticles of one deployment bound: all must have bound the same one. */
  static final class Ports {
    private final Set<Integer> ports = ConcurrentHashMap.newKeySet();

    void record(int bound) {
      ports.add(bound);
    }

    int bound() {
      if (ports.size() != 1) {
        throw new IllegalStateException("the event loops bound different ports: " + ports);
      }
      return ports.iterator().next();
    }
  }
}

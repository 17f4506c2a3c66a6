package io.sluice.bench.serving;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v2/models/<name>/infer}: reads the body, parses it, scores it, writes the answer:
 * the same work per request as the gateway's hot path, with no routing, versions or limits.
 */
final class InferHandler implements HttpHandler {

  private static final Pattern INFER_PATH = Pattern.compile("/v2/models/([^/]+)/infer");

  private final OnnxScorer scorer;
  private final List<String> classNames;

  InferHandler(OnnxScorer scorer, List<String> classNames) {
    this.scorer = scorer;
    this.classNames = classNames;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Matcher path = INFER_PATH.matcher(exchange.getRequestURI().getPath());
      if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
        answer(exchange, 404, V2Json.writeError("only POST /v2/models/<name>/infer is served"));
        return;
      }
      answer(exchange, 200, infer(path.group(1), readBody(exchange)));
    } catch (V2Json.BadRequestException | JsonProcessingException e) {
      answer(exchange, 400, V2Json.writeError(e.getMessage()));
    } catch (OrtException | RuntimeException e) {
      answer(exchange, 500, V2Json.writeError("scoring failed: " + e.getMessage()));
    } finally {
      exchange.close();
    }
  }

  private byte[] infer(String modelName, byte[] body) throws IOException, OrtException {
    V2Json.Request request = V2Json.readRequest(body);
    OnnxScorer.Scores scores = scorer.score(request.data(), request.rows(), request.features());
    String id = request.id() != null ? request.id() : randomId();
    return V2Json.writeResponse(modelName, id, classNames, scores);
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  // As the gateway: not UUID.randomUUID(), whose SecureRandom all threads share.
  private static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}

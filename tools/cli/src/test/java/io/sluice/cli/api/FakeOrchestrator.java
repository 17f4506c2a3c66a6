package io.sluice.cli.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the orchestrator's REST API on a free local port: answers each "METHOD path" with
 * a canned status, content type and body, and keeps every request it got. Used where the real
 * endpoint is not in this branch (start, retry, re-run, logs) and for the CLI's formatting.
 */
public final class FakeOrchestrator implements AutoCloseable {

  /** One request as received. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }
  }

  private record Canned(int status, String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, Canned> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public FakeOrchestrator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = exchange.getRequestURI().getRawPath();
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  path,
                  exchange.getRequestURI().getRawQuery(),
                  Map.copyOf(lowerCase(exchange.getRequestHeaders())),
                  body));
          Canned canned =
              answers.getOrDefault(
                  exchange.getRequestMethod() + " " + path,
                  new Canned(
                      404,
                      "application/problem+json",
                      "{\"status\":404,\"detail\":\"no such thing: " + path + "\"}"));
          byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("content-type", canned.contentType());
          exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeOrchestrator answer(String methodAndPath, int status, String json) {
    String type = status >= 400 ? "application/problem+json" : "application/json";
    answers.put(methodAndPath, new Canned(status, type, json));
    return this;
  }

  public FakeOrchestrator answerText(String methodAndPath, int status, String text) {
    answers.put(methodAndPath, new Canned(status, "text/plain", text));
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Request last() {
    return requests.get(requests.size() - 1);
  }

  private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
    Map<String, List<String>> lower = new java.util.HashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return lower;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

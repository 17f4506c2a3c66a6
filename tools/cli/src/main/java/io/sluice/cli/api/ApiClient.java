package io.sluice.cli.api;

import io.sluice.cli.CliException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The orchestrator's REST API as the CLI calls it: every call with a timeout and a bearer token; a
 * server that cannot be reached is named, with what to do about it. Answers of any status come back
 * as they are: the commands decide what a status means.
 */
public final class ApiClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final Supplier<String> token;

  /**
   * @param baseUrl e.g. {@code http://localhost:8082}
   * @param token read when the first call is made, so a missing token fails only a call that needs
   *     it
   */
  public ApiClient(String baseUrl, Supplier<String> token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public Answer get(String path) {
    return send(request(path).GET().build());
  }

  public Answer post(String path, String contentType, String body) {
    return send(
        request(path)
            .header("content-type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  public Answer put(String path, String contentType, String body) {
    return send(
        request(path)
            .header("content-type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  /** A DELETE with a body (the registry wants a reason for removing an alias). */
  public Answer delete(String path, String contentType, String body) {
    return send(
        request(path)
            .header("content-type", contentType)
            .method("DELETE", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  private HttpRequest.Builder request(String path) {
    URI uri;
    try {
      uri = URI.create(baseUrl + path);
    } catch (IllegalArgumentException e) {
      throw new CliException("not a usable URL: " + baseUrl + path, e);
    }
    return HttpRequest.newBuilder(uri)
        .timeout(TIMEOUT)
        .header("authorization", "Bearer " + token.get())
        .header("accept", "application/json, application/problem+json, text/plain");
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("content-type").orElse(""),
          response.body());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CliException(
          "cannot reach the orchestrator at "
              + baseUrl
              + " ("
              + e.getClass().getSimpleName()
              + "); is Sluice running? Start it with ./sluice up, or point --server or"
              + " SLUICE_ORCHESTRATOR_URL at it",
          e);
    } catch (IOException e) {
      throw new CliException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while calling " + request.uri(), e);
    }
  }

  /** A response: status, content type and body. */
  public record Answer(int status, String contentType, String body) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }
}

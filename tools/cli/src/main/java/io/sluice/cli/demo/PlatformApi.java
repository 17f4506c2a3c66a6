package io.sluice.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.CliException;
import io.sluice.events.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The services' REST surfaces as the demo uses them, each call with a timeout and a bearer token
 * (read when the first call is made, as the token may be written after this object exists).
 */
public final class PlatformApi {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Supplier<String> tokenSource;
  private String token;

  public PlatformApi(Supplier<String> tokenSource) {
    this.tokenSource = tokenSource;
  }

  /** POSTs a body and returns the response; 4xx/5xx become a {@link CliException}. */
  public Response post(String url, String contentType, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("authorization", bearer())
            .header("content-type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return send(request);
  }

  public Response get(String url) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("authorization", bearer())
            .GET()
            .build());
  }

  private synchronized String bearer() {
    if (token == null) {
      token = tokenSource.get();
    }
    return "Bearer " + token;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new CliException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while calling " + request.uri(), e);
    }
  }

  /** A response: status and body. */
  public record Response(int status, String body) {

    public boolean ok() {
      return status >= 200 && status < 300;
    }

    public Response orFail(String what) {
      if (!ok()) {
        throw new CliException(what + " failed with HTTP " + status + ": " + body);
      }
      return this;
    }

    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new CliException("not JSON: " + body, e);
      }
    }
  }
}

package io.sluice.e2e.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The services' REST and V2 surfaces over the JDK's HTTP client, each call with a timeout and the
 * bearer token from its source (read at each call: the platform may write it later).
 */
public final class Http {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Supplier<String> token;

  public Http(Supplier<String> token) {
    this.token = token;
  }

  public Response get(String url) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("authorization", "Bearer " + token.get())
            .GET()
            .build());
  }

  public Response post(String url, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("authorization", "Bearer " + token.get())
            .header("content-type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(
          request.method() + " " + request.uri(), response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling " + request.uri(), e);
    }
  }

  /** A response; {@link #toString()} says what was called, for assertion messages. */
  public record Response(String call, int status, String body) {

    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(this + " is not JSON", e);
      }
    }

    /** What was called and what it answered. */
    public String describe() {
      return toString();
    }

    @Override
    public String toString() {
      return call + " -> " + status + " " + body;
    }
  }
}

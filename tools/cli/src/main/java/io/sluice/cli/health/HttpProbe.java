package io.sluice.cli.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalInt;

/** GETs a URL and reports the status code, or nothing when nobody answers. */
public final class HttpProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  public OptionalInt status(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    try {
      return OptionalInt.of(
          client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** A Quarkus service: 200 on {@code /q/health/ready} is up, any other answer is failing. */
  public Health quarkusReadiness(String baseUrl) {
    OptionalInt status = status(baseUrl + "/q/health/ready");
    if (status.isEmpty()) {
      return Health.DOWN;
    }
    return status.getAsInt() == 200 ? Health.UP : Health.FAILING;
  }

  /** An S3 store: any HTTP answer (an anonymous request gets 403) means it serves. */
  public Health anyAnswer(String url) {
    return status(url).isPresent() ? Health.UP : Health.DOWN;
  }
}

package io.sluice.e2e.scaleout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One serving-gateway replica as a client sees it: a V2 inference with a routing key, answered by
 * the version in {@code X-Sluice-Model-Version}; its rollout REST actions; and whether it leads.
 */
final class GatewayClient {

  static final String ROUTING_KEY = "X-Sluice-Routing-Key";
  static final String MODEL_VERSION = "X-Sluice-Model-Version";

  /** One Iris row: any row will do, the version that answers is what the tests look at. */
  private static final String BODY =
      "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
          + "\"data\":[5.1,3.5,1.4,0.2]}]}";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final String baseUrl;
  private final Supplier<String> token;

  GatewayClient(String name, String baseUrl, Supplier<String> token) {
    this.name = name;
    this.baseUrl = baseUrl;
    this.token = token;
  }

  String name() {
    return name;
  }

  /**
   * An answer to one inference.
   *
   * @param status the HTTP status, or -1 when no answer came (refused, reset, timed out)
   * @param version the {@code X-Sluice-Model-Version} header, or "" when absent
   * @param detail the body or the exception, for failure messages
   */
  record Answer(int status, String version, String detail) {
    boolean ok() {
      return status == 200 && !version.isEmpty();
    }
  }

  /** {@code POST /v2/models/<model>/infer} with {@code key} as the routing key. */
  Answer infer(String model, String key) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v2/models/" + model + "/infer"))
            .timeout(Duration.ofSeconds(10))
            .header("authorization", "Bearer " + token.get())
            .header("content-type", "application/json")
            .header(ROUTING_KEY, key)
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue(MODEL_VERSION).orElse(""),
          response.body());
    } catch (IOException e) {
      return new Answer(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "", "interrupted");
    }
  }

  /** The version each key is routed to; a key without an answer maps to "failed: <status>". */
  Map<String, String> versionsByKey(String model, List<String> keys) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (String key : keys) {
      Answer answer = infer(model, key);
      versions.put(key, answer.ok() ? answer.version() : "failed: " + answer.status());
    }
    return versions;
  }

  /** {@code POST /api/v1/rollouts/<model>/<action>} (pause, resume); its status and body. */
  Answer rolloutAction(String model, String action) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/rollouts/" + model + "/" + action))
            .timeout(Duration.ofSeconds(30))
            .header("authorization", "Bearer " + token.get())
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"GatewayReplicasIT\"}"))
            .build();
    return send(request);
  }

  /** {@code GET /v2/models/<model>/versions/<v>/ready} answered 200. */
  boolean versionReady(String model, String version) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(baseUrl + "/v2/models/" + model + "/versions/" + version + "/ready"))
            .timeout(Duration.ofSeconds(10))
            .header("authorization", "Bearer " + token.get())
            .GET()
            .build();
    return send(request).status() == 200;
  }

  /**
   * The gauge {@code sluice.gateway.rollout.leader} of this replica: 1 leads, 0 follows; empty
   * while the replica does not answer.
   */
  Optional<Boolean> leads() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
            .timeout(Duration.ofSeconds(10))
            .header("authorization", "Bearer " + token.get())
            .GET()
            .build();
    Answer answer = send(request);
    if (answer.status() != 200) {
      return Optional.empty();
    }
    return answer
        .detail()
        .lines()
        .filter(line -> line.startsWith("sluice_gateway_rollout_leader"))
        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
        .map(value -> Double.parseDouble(value) >= 1)
        .findFirst();
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), "", response.body());
    } catch (IOException e) {
      return new Answer(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "", "interrupted");
    }
  }

  @Override
  public String toString() {
    return name + " at " + baseUrl;
  }
}

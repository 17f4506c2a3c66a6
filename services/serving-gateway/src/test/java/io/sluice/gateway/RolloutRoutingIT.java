package io.sluice.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.TestModels;
import io.sluice.gateway.routing.ShadowMirror;
import io.sluice.gateway.routing.VersionCounters;
import io.sluice.gateway.routing.VersionSample;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Requests over REST to a model with a candidate in rollout, as the router holds it on this
 * replica: shares, sticky keys, pinned versions and what the gateway measures per version.
 */
@QuarkusTest
@TestProfile(RolloutRoutingIT.RouterAlone.class)
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RolloutRoutingIT {

  /**
   * These tests set splits on the router directly and read its counters themselves, so the
   * replica's own reporter (which drains the counters of every split once a second) and follower
   * (which brings splits in line with the recorded rollouts) are slowed down to never run here.
   */
  public static class RouterAlone implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "sluice.gateway.rollout.measurement-interval", "1h",
          "sluice.gateway.rollout.follow-interval", "1h");
    }
  }

  private static final String SETOSA =
      "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],"
          + "\"data\":[5.1,3.5,1.4,0.2]}]}";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Inject ModelRouter router;
  @Inject VersionCounters measurements;
  @Inject ShadowMirror shadow;
  @Inject MeterRegistry meters;

  /** A fresh model served by v1 with v2 as candidate at {@code percent}. */
  private String rollout(int percent, int shadowPercent) throws Exception {
    String model = "iris-rollout-" + UUID.randomUUID().toString().substring(0, 8);
    router.serve(TestModels.loaded(TestModels.iris(model, 1)));
    router.startCandidate(TestModels.loaded(TestModels.iris(model, 2)), percent, shadowPercent);
    return model;
  }

  private static RequestSpecification caller() {
    return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(SETOSA);
  }

  private static int answeringVersion(Response response) {
    response.then().statusCode(200);
    return versionOf(response.header("X-Sluice-Model-Version"), response.asString());
  }

  // No JSON path here: rest-assured compiles a Groovy script per call, too slow for thousands.
  private static int versionOf(String header, String body) {
    assertThat(body).contains("\"model_version\":\"" + header + "\"");
    return Integer.parseInt(header);
  }

  /** Plain HTTP for the loops of thousands of requests: rest-assured costs ms per call. */
  private static int keyedVersion(String model, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + RestAssured.port + "/v2/models/" + model + "/infer"))
            .header("Authorization", "Bearer " + TestTokens.admin())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(SETOSA));
    if (key != null) {
      request.header("X-Sluice-Routing-Key", key);
    }
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return versionOf(
          response.headers().firstValue("X-Sluice-Model-Version").orElseThrow(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void candidateAnswersItsShareOfTwoThousandRequests() throws Exception {
    String model = rollout(10, 0);

    long onCandidate =
        IntStream.range(0, 2_000).filter(i -> keyedVersion(model, null) == 2).count();

    // p = 0.1: mean 200, standard deviation about 13.4; 140..260 is 4.5 of them either side.
    assertThat(onCandidate).isBetween(140L, 260L);
  }

  @Test
  void stickyKeysKeepTheirVersionAndCandidateKeysStayAsItsShareGrows() throws Exception {
    String model = rollout(10, 0);
    List<String> keys = IntStream.range(0, 300).mapToObj(i -> "customer-" + i).toList();
    Map<String, Integer> atTen = new HashMap<>();
    keys.forEach(key -> atTen.put(key, keyedVersion(model, key)));
    keys.forEach(key -> assertThat(keyedVersion(model, key)).isEqualTo(atTen.get(key)));

    router.setShares(model, 50, 0);

    long onCandidateAtTen = atTen.values().stream().filter(v -> v == 2).count();
    long onCandidateAtFifty = keys.stream().filter(key -> keyedVersion(model, key) == 2).count();
    assertThat(onCandidateAtTen).isBetween(10L, 60L);
    assertThat(onCandidateAtFifty).isBetween(110L, 190L);
    atTen.forEach(
        (key, version) -> {
          if (version == 2) {
            assertThat(keyedVersion(model, key)).as(key).isEqualTo(2);
          }
        });
  }

  @Test
  void hugeAndUnicodeRoutingKeysAreStickyToo() throws Exception {
    String model = rollout(50, 0);
    String huge = "k".repeat(4_000);
    String unicode = "kund\u00e9-\u00fc";

    int hugeVersion = keyedVersion(model, huge);
    int unicodeVersion = keyedVersion(model, unicode);

    for (int i = 0; i < 20; i++) {
      assertThat(keyedVersion(model, huge)).isEqualTo(hugeVersion);
      assertThat(keyedVersion(model, unicode)).isEqualTo(unicodeVersion);
    }
  }

  @Test
  void routingKeySentTwiceIsRefused() throws Exception {
    String model = rollout(50, 0);

    caller()
        .header("X-Sluice-Routing-Key", "a")
        .header("X-Sluice-Routing-Key", "b")
        .post("/v2/models/{name}/infer", model)
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("error", containsString("X-Sluice-Routing-Key header once"));
  }

  @Test
  void versionHeaderAndVersionedPathReachTheStableAndTheCandidate() throws Exception {
    String model = rollout(0, 0);

    for (int version : new int[] {1, 2}) {
      assertThat(
              answeringVersion(
                  caller()
                      .header("X-Sluice-Model-Version", Integer.toString(version))
                      .post("/v2/models/{name}/infer", model)))
          .isEqualTo(version);
      assertThat(
              answeringVersion(
                  caller().post("/v2/models/{name}/versions/{v}/infer", model, version)))
          .isEqualTo(version);
    }
  }

  @Test
  void versionNotLoadedIsANotFoundJsonError() throws Exception {
    String model = rollout(0, 0);

    for (String path :
        List.of("/v2/models/{name}/versions/3/infer", "/v2/models/{name}/versions/v2/infer")) {
      caller()
          .post(path, model)
          .then()
          .statusCode(404)
          .contentType(ContentType.JSON)
          .body("error", containsString("serves version 1 and rolls out version 2"));
    }
    caller()
        .header("X-Sluice-Model-Version", "3")
        .post("/v2/models/{name}/infer", model)
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("error", containsString("has no version '3' loaded here"));
    caller()
        .header("X-Sluice-Model-Version", "1")
        .post("/v2/models/no-such-model/infer")
        .then()
        .statusCode(404)
        .body("error", equalTo("model 'no-such-model' is not served here"));
  }

  @Test
  void malformedDuplicatedOrContradictoryVersionHeadersAreRefused() throws Exception {
    String model = rollout(0, 0);

    for (String bad : List.of("abc", "0", "-1", "2.0", "99999999999", "1 2", "\u00b2")) {
      caller()
          .header("X-Sluice-Model-Version", bad)
          .post("/v2/models/{name}/infer", model)
          .then()
          .statusCode(400)
          .contentType(ContentType.JSON)
          .body("error", containsString("X-Sluice-Model-Version must be a version number"));
    }
    caller()
        .header("X-Sluice-Model-Version", "1")
        .header("X-Sluice-Model-Version", "2")
        .post("/v2/models/{name}/infer", model)
        .then()
        .statusCode(400)
        .body("error", containsString("header once"));
    caller()
        .header("X-Sluice-Model-Version", "1")
        .post("/v2/models/{name}/versions/2/infer", model)
        .then()
        .statusCode(400)
        .body("error", containsString("the path names version '2'"));
  }

  @Test
  void eachVersionCountsTheRequestsItAnsweredButNotTheClientsMistakes() throws Exception {
    String model = rollout(0, 0);
    for (int i = 0; i < 30; i++) {
      caller().header("X-Sluice-Model-Version", "2").post("/v2/models/{name}/infer", model);
    }
    for (int i = 0; i < 7; i++) {
      caller().post("/v2/models/{name}/infer", model);
    }
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType(ContentType.JSON)
        .body("{\"inputs\": [")
        .header("X-Sluice-Model-Version", "2")
        .post("/v2/models/{name}/infer", model)
        .then()
        .statusCode(400);

    VersionSample candidate = measurements.drain(model, 2);
    VersionSample stable = measurements.drain(model, 1);

    assertThat(candidate.requests()).isEqualTo(30);
    assertThat(candidate.errors()).isZero();
    assertThat(candidate.latency().count()).isEqualTo(30);
    assertThat(candidate.latency().percentileMillis(0.5)).isGreaterThan(0);
    assertThat(stable.requests()).isEqualTo(7);
    assertThat(measurements.drain(model, 2).requests()).isZero();
  }

  @Test
  void shadowComparesEveryCopyWithoutChangingAnyAnswer() throws Exception {
    String model = rollout(0, 100);
    for (int i = 0; i < 20; i++) {
      Response response = caller().post("/v2/models/{name}/infer", model);
      assertThat(answeringVersion(response)).isEqualTo(1);
      assertThat(response.asString()).contains("\"data\":[\"setosa\"]");
    }

    VersionSample[] candidate = {VersionSample.empty()};
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              candidate[0] = candidate[0].plus(measurements.drain(model, 2));
              assertThat(candidate[0].compared()).isEqualTo(20);
            });
    assertThat(candidate[0].agreed()).isEqualTo(20);
    assertThat(candidate[0].requests()).isEqualTo(20);
    assertThat(measurements.drain(model, 1).requests()).isEqualTo(20);
  }

  @Test
  void clientsAreAnsweredWhileEveryShadowThreadIsStuckOnAFakeHangingCandidate() throws Exception {
    String model = rollout(0, 100);
    CountDownLatch unblock = new CountDownLatch(1);
    try {
      // Two shadow threads and a queue of 64 (the defaults), all taken by copies that hang: two
      // first, until both threads hold one, then 64 that wait in the queue.
      CountDownLatch running = new CountDownLatch(2);
      ShadowMirror.Scorer hangs =
          (version, body) -> {
            running.countDown();
            unblock.await(60, TimeUnit.SECONDS);
            return new String[] {"setosa"};
          };
      for (int i = 0; i < 66; i++) {
        if (i == 2) {
          assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        }
        shadow.mirror(
            model, router.acquireVersion(model, 2), new byte[0], new String[] {"setosa"}, hangs);
      }
      assertThat(shadowCount(model, "dropped")).isZero();

      for (int i = 0; i < 10; i++) {
        Response response = caller().post("/v2/models/{name}/infer", model);
        assertThat(answeringVersion(response)).isEqualTo(1);
        assertThat(response.asString()).contains("\"data\":[\"setosa\"]");
      }

      assertThat(shadowCount(model, "dropped")).isEqualTo(10);
    } finally {
      unblock.countDown();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(shadowCount(model, "agreed")).isEqualTo(66));
  }

  private double shadowCount(String model, String outcome) {
    Counter counter =
        meters
            .find("sluice.gateway.shadow")
            .tags("model", model, "version", "2", "outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}

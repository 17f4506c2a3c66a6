package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.Topics;
import io.sluice.events.Verdict;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.serving.Evaluations;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A model that computes for ~50 ms per row must not hold up a fast model's requests: while one slow
 * request scores a batch for seconds, Iris requests over fresh connections (which Vert.x spreads
 * over all its event loops, the slow request's loop included) are answered. If scoring ran on the
 * event loop, the Iris request that lands on the slow request's loop would wait for it. Ordering
 * only, no wall-clock limit.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class SlowModelIsolationIT {

  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String IRIS = "iris-fast-" + SUFFIX;
  private static final String SLOW = "slow-matmul-" + SUFFIX;
  private static final int SLOW_ROWS = 60;
  // More than the event loops of a test JVM (2 x cores), so that one lands on the slow loop.
  private static final int IRIS_CONNECTIONS = 4 * Runtime.getRuntime().availableProcessors();

  @Inject StorageClient storage;
  @Inject ModelRouter router;

  @TestHTTPResource("/v2/models/")
  URI models;

  @Test
  void irisRequestsAreAnsweredWhileASlowBatchIsScoring() throws Exception {
    promote(IRIS, IrisModel.onnx(), IrisModel.sha256());
    promote(SLOW, SlowModel.onnx(), SlowModel.sha256());
    CompletableFuture<HttpResponse<String>> slow =
        client().sendAsync(infer(SLOW, SLOW_ROWS), HttpResponse.BodyHandlers.ofString());
    // Proof that the slow batch is being scored before the Iris requests are sent.
    await().atMost(Duration.ofSeconds(30)).until(() -> inFlight(SLOW) == 1);

    for (int i = 0; i < IRIS_CONNECTIONS; i++) {
      HttpResponse<String> iris =
          client().send(infer(IRIS, 1), HttpResponse.BodyHandlers.ofString());
      assertThat(iris.statusCode()).isEqualTo(200);
      assertThat(iris.body()).contains("setosa");
      assertThat(slow).as("the slow batch, when Iris request %d was answered", i).isNotDone();
    }
    assertThat(slow.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  /** A new client per request: a new connection, which Vert.x gives the next event loop. */
  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private int inFlight(String name) {
    ServedModel model = router.acquire(name);
    if (model == null) {
      return 0;
    }
    try {
      return model.inFlight() - 1;
    } finally {
      model.release();
    }
  }

  private HttpRequest infer(String model, int rows) {
    String row = "[5.1,3.5,1.4,0.2]";
    String body =
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":["
            + rows
            + ",4],\"data\":["
            + String.join(",", Collections.nCopies(rows, row))
            + "]}]}";
    return HttpRequest.newBuilder(models.resolve(model + "/infer"))
        .header("authorization", "Bearer " + TestTokens.admin())
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private void promote(String model, byte[] onnx, String sha256) throws Exception {
    String key = "runs/" + model + "/train/1/model/model.onnx";
    storage.put("artifacts", key, onnx);
    try (TestEventBus bus = TestEventBus.following(Topics.MODELS)) {
      bus.send(
          ModelEvents.first(
              model, Evaluations.of(model, 1, Verdict.APPROVED, "s3://artifacts/" + key, sha256)));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !ModelEvents.promoted(bus, model).isEmpty());
    }
  }
}

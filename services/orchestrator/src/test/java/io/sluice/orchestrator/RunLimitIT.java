package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunStarted;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline's {@code concurrency.limit}: runs beyond it wait QUEUED, visibly and without any step
 * requested, and start in order as running ones end.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RunLimitIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static TestEventBus bus;
  private static RunDriver driver;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS, Topics.MODELS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  private static List<Map<String, Object>> runsOf(String pipeline) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .queryParam("pipeline", pipeline)
        .get("/api/v1/runs")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("items");
  }

  private static String stateOf(String runId) {
    return RunDriver.run(runId).getString("state");
  }

  @Test
  void runsBeyondTheLimitWaitQueuedAndStartInOrderAsOthersEnd() {
    String name = RunDriver.unique("limit");
    RunDriver.register(
        """
        name: %s
        trigger: {dataset: %s}
        concurrency: {limit: 1}
        steps:
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}"]
            inputs: {data: dataset}
        """
            .formatted(name, name));
    EventEnvelope<DataArrived> first = driver.arrive(name);
    EventEnvelope<StepRequested> running =
        driver.awaitRequestEvent(first.correlationId(), "train", 1);

    EventEnvelope<DataArrived> second = driver.arrive(name);
    await().atMost(PATIENCE).until(() -> runsOf(name).size() == 2);
    String queued = (String) runsOf(name).get(0).get("id");
    assertThat(stateOf(queued)).isEqualTo("QUEUED");
    String manual =
        given()
            .auth()
            .oauth2(TestTokens.admin())
            .contentType("application/json")
            .body("{}")
            .post("/api/v1/pipelines/" + name + "/runs")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    assertThat(stateOf(manual)).isEqualTo("QUEUED");
    // A queued run is cancelled out of the queue; it never starts.
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .contentType("application/json")
        .body("{}")
        .post("/api/v1/runs/" + manual + "/cancel")
        .then()
        .statusCode(202);
    assertThat(driver.requested(second.correlationId())).isEmpty();
    assertThat(bus.chain(second.correlationId(), RunStarted.class)).isEmpty();

    driver.done(running, running.data(), Map.of());

    StepRequested next = driver.awaitRequest(second.correlationId(), "train", 1);
    assertThat(next.runId()).isEqualTo(queued);
    await().atMost(PATIENCE).until(() -> "RUNNING".equals(stateOf(queued)));
    assertThat(stateOf(manual)).isEqualTo("CANCELLED");
    assertThat(driver.requested(manual)).isEmpty();
    assertThat(bus.chain(second.correlationId(), RunStarted.class)).hasSize(1);
  }
}

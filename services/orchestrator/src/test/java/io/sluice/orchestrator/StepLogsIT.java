package io.sluice.orchestrator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.StepLogKeys;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.security.Roles;
import io.sluice.storage.StorageClient;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A step's log as the launcher keeps it in the artifact store (the test kit's S3), read over REST:
 * the latest attempt by default, any earlier one, the last lines; and a precise 404 or 400 for
 * everything else.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class StepLogsIT {

  private static TestEventBus bus;
  private static RunDriver driver;

  @Inject StorageClient storage;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  /** A run whose {@code train} is on its second attempt and whose {@code evaluate} waits. */
  private record Run(String id, EventEnvelope<DataArrived> arrived, StepRequested second) {}

  private Run runOnSecondTrainAttempt() {
    String name = RunDriver.unique("logs");
    RunDriver.register(
        """
        name: %s
        trigger: {dataset: %s}
        steps:
          - name: train
            image: img:1
            command: [train, "{{inputs.data}}", "{{outputs.model}}"]
            inputs: {data: dataset}
            outputs: [model]
            retries: 1
            retryBackoff: {initial: 1s}
          - name: evaluate
            image: img:1
            command: [evaluate, "{{inputs.model}}"]
            inputs: {model: train.model}
        """
            .formatted(name, name));
    EventEnvelope<DataArrived> arrived = driver.arrive(name);
    StepRequested first = driver.awaitRequest(arrived.correlationId(), "train", 1);
    keep(first, "loading iris\nepoch 1\nKeyError: 'species'\n");
    driver.fail(arrived, first, true);
    StepRequested second = driver.awaitRequest(arrived.correlationId(), "train", 2);
    return new Run(first.runId(), arrived, second);
  }

  private void keep(StepRequested attempt, String log) {
    storage.put(
        "artifacts",
        StepLogKeys.of(attempt.runId(), attempt.stepName(), attempt.attempt(), 0),
        log.getBytes(StandardCharsets.UTF_8));
  }

  private static ValidatableResponse logs(String runId, String step, String query) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/runs/" + runId + "/steps/" + step + "/logs" + query)
        .then();
  }

  private static void problem(ValidatableResponse response, int status, String detail) {
    response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("status", equalTo(status))
        .body("detail", containsString(detail));
  }

  @Test
  void storedLogsOfEachAttemptAreReadableAsText() {
    Run run = runOnSecondTrainAttempt();
    keep(run.second(), "loading iris\nepoch 1\nepoch 2\nsaved model ✓\n");

    logs(run.id(), "train", "")
        .statusCode(200)
        .contentType("text/plain; charset=utf-8")
        .body(equalTo("loading iris\nepoch 1\nepoch 2\nsaved model ✓\n"));
    logs(run.id(), "train", "?attempt=1")
        .statusCode(200)
        .body(equalTo("loading iris\nepoch 1\nKeyError: 'species'\n"));
    logs(run.id(), "train", "?tail=2").statusCode(200).body(equalTo("epoch 2\nsaved model ✓\n"));
    logs(run.id(), "train", "?attempt=1&tail=1")
        .statusCode(200)
        .body(equalTo("KeyError: 'species'\n"));
  }

  @Test
  void missingRunStepAttemptOrLogIsA404SayingWhichIsMissing() {
    Run run = runOnSecondTrainAttempt();
    String unknownRun = UUID.randomUUID().toString();

    problem(logs(unknownRun, "train", ""), 404, "no run " + unknownRun);
    problem(logs(run.id(), "deploy", ""), 404, "has no step 'deploy'");
    // An instance name of a fanned-out step is a step name, not malformed.
    problem(logs(run.id(), "train.0", ""), 404, "has no step 'train.0'");
    problem(logs(run.id(), "evaluate", ""), 404, "has not run yet (PENDING)");
    problem(logs(run.id(), "train", "?attempt=3"), 404, "has no attempt 3 (its latest is 2)");
    problem(
        logs(run.id(), "train", ""),
        404,
        "the log of attempt 2 of step 'train' of run " + run.id() + " is not stored yet");
  }

  @Test
  void malformedIdStepAttemptOrTailIsA400() {
    Run run = runOnSecondTrainAttempt();
    String id = run.id();

    problem(logs("not-a-uuid", "train", ""), 400, "run id must be a UUID");
    problem(logs(id, "Train", ""), 400, "step must match");
    problem(logs(id, "t".repeat(200), ""), 400, "step must match");
    problem(logs(id, "train%00", ""), 400, "step must match");
    problem(logs(id, "..%2F..", ""), 400, "step must match");
    problem(logs(id, "train.x", ""), 400, "step must match");
    for (String attempt : new String[] {"0", "-1", "two", "1.5", "99999999"}) {
      problem(logs(id, "train", "?attempt=" + attempt), 400, "attempt must be a whole number");
    }
    for (String tail : new String[] {"0", "10001", "1e3", "all"}) {
      problem(logs(id, "train", "?tail=" + tail), 400, "tail must be a whole number");
    }
    problem(logs(id, "train", "?attempt=1&attempt=2"), 400, "attempt may be given once");
    problem(logs(id, "train", "?tail=1&tail=2"), 400, "tail may be given once");
  }

  @Test
  void readingALogNeedsAToken() {
    Run run = runOnSecondTrainAttempt();

    given().get("/api/v1/runs/" + run.id() + "/steps/train/logs").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.withRoles(Roles.VIEWER))
        .get("/api/v1/runs/" + run.id() + "/steps/train/logs?attempt=1")
        .then()
        .statusCode(200)
        .body(startsWith("loading iris"));
  }
}

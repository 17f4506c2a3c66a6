package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.passing;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code model.evaluated} carries the pipeline's rollout, else the registry's configured default
 * (immediate here, as out of the box), and the version's REST view shows which and where from.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class RolloutResolutionIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final RolloutSpec CANARY =
      new RolloutSpec(
          RolloutStrategy.CANARY,
          List.of(10, 50, 100),
          90,
          0,
          new RolloutAnalysis(50, 0.05, 250.0, null, 1.5, null, 3));

  private static TestEventBus bus;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void aCandidateWithAServingSectionIsEvaluatedWithItsRollout() {
    String model = uniqueModel();
    bus.send(candidateEvent(withRollout(passing(model, uniqueRun()), CANARY)));

    assertThat(awaitEvaluated(model).rollout()).isEqualTo(CANARY);
    JsonPath view = view(model);
    assertThat(view.getString("rolloutFrom")).isEqualTo("PIPELINE");
    assertThat(view.getString("rollout.strategy")).isEqualTo("CANARY");
    assertThat(view.getList("rollout.steps")).containsExactly(10, 50, 100);
    assertThat(view.getInt("rollout.stepSeconds")).isEqualTo(90);
    assertThat(view.getInt("rollout.analysis.failedChecksToRollback")).isEqualTo(3);
    assertThat(view.getString("rollout.analysis.maxErrorRateOverStable")).isNull();
  }

  @Test
  void aCandidateWithoutOneIsEvaluatedWithTheConfiguredDefault() {
    String model = uniqueModel();
    bus.send(candidateEvent(passing(model, uniqueRun())));

    assertThat(awaitEvaluated(model).rollout()).isEqualTo(RolloutSpec.IMMEDIATE);
    JsonPath view = view(model);
    assertThat(view.getString("rolloutFrom")).isEqualTo("REGISTRY_DEFAULT");
    assertThat(view.getString("rollout.strategy")).isEqualTo("IMMEDIATE");
  }

  private static ModelCandidate withRollout(ModelCandidate c, RolloutSpec rollout) {
    return new ModelCandidate(
        c.modelName(),
        c.runId(),
        c.artifact(),
        c.signature(),
        c.metrics(),
        c.gate(),
        c.lineage(),
        rollout);
  }

  private static ModelEvaluated awaitEvaluated(String model) {
    return await()
        .atMost(WAIT)
        .until(() -> bus.events(model, ModelEvaluated.class), events -> !events.isEmpty())
        .get(0);
  }

  private static JsonPath view(String model) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/versions/1", model)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}

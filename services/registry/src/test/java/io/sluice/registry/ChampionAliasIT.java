package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.artifact;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.passing;
import static io.sluice.registry.Candidates.promotion;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static io.sluice.registry.ChampionAlias.awaitChampion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sluice.events.ArtifactRef;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelRegistered;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code model.promoted} moves the {@code champion} alias, and only to versions that exist. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class ChampionAliasIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
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
  void promotionMovesTheChampionAlias() throws Exception {
    String model = uniqueModel();
    List<ArtifactRef> artifacts = register(model, 2);

    bus.send(promotion(model, 1, null, artifacts.get(0)));
    awaitChampion(model, 1);
    bus.send(promotion(model, 2, 1, artifacts.get(1)));

    awaitChampion(model, 2);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/versions/2", model)
        .then()
        .statusCode(200)
        .body("aliases", contains("champion"));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/versions/1", model)
        .then()
        .statusCode(200)
        .body("aliases.size()", equalTo(0));
  }

  @Test
  void repeatedPromotionLeavesTheAliasWhereItIs() throws Exception {
    String model = uniqueModel();
    List<ArtifactRef> artifacts = register(model, 2);

    bus.send(promotion(model, 2, null, artifacts.get(1)));
    bus.send(promotion(model, 2, null, artifacts.get(1)));
    // A barrier on the same partition: once it is dead-lettered, both promotions were applied.
    bus.send(promotion(model, 99, 2, artifacts.get(1)));

    await().atMost(WAIT).until(() -> !bus.deadLetters(model).isEmpty());
    assertThat(bus.deadLetters(model)).hasSize(1);
    awaitChampion(model, 2);
  }

  @Test
  void promotionOfUnknownVersionIsDeadLetteredAndMovesNothing() throws Exception {
    String model = uniqueModel();
    List<ArtifactRef> artifacts = register(model, 1);
    bus.send(promotion(model, 1, null, artifacts.get(0)));
    awaitChampion(model, 1);

    bus.send(promotion(model, 7, 1, artifacts.get(0)));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(bus.deadLetters(model))
                    .singleElement()
                    .satisfies(d -> assertThat(d.error()).contains("never registered")));
    awaitChampion(model, 1);
  }

  @Test
  void promotionOfAnotherArtifactIsDeadLettered() throws Exception {
    String model = uniqueModel();
    register(model, 1);

    bus.send(promotion(model, 1, null, artifact(uniqueRun())));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(bus.deadLetters(model))
                    .singleElement()
                    .satisfies(d -> assertThat(d.error()).contains("differs")));
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/aliases/champion", model)
        .then()
        .statusCode(404);
  }

  @Test
  void modelWithoutChampionAnswers404WithProblem() throws Exception {
    String model = uniqueModel();
    register(model, 1);

    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/aliases/champion", model)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", equalTo(model + " has no alias champion"));
  }

  /** Registers {@code count} versions and returns their artifacts in version order. */
  private static List<ArtifactRef> register(String model, int count) throws Exception {
    List<ArtifactRef> artifacts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ModelCandidate candidate = passing(model, uniqueRun());
      bus.send(candidateEvent(candidate));
      artifacts.add(candidate.artifact());
    }
    await().atMost(WAIT).until(() -> bus.events(model, ModelRegistered.class).size() == count);
    return artifacts;
  }
}

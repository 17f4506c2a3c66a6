package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.promotion;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.ChampionAlias.awaitChampion;
import static io.sluice.registry.ServingEvents.register;
import static io.sluice.registry.ServingEvents.rolledBack;
import static io.sluice.registry.ServingEvents.rolloutStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelAliasMoved;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.RolloutStarted;
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
 * The registry follows the gateway: {@code rollout.started} names the challenger, {@code
 * model.promoted} the champion (ending the challenger), {@code model.rolled_back} ends the
 * challenger and restores the champion; each move is a history row and a {@code model.alias_moved},
 * once.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class AliasFollowingIT {

  // Generous: the first REST call of the test JVM can take long on a loaded machine.
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static TestEventBus bus;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.followingWithDeadLettersOf("registry", Topics.MODELS, Topics.SERVING);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  @Test
  void rolloutStartedMakesTheVersionChallengerAndSaysWhoMovedIt() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 2);
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    awaitChampion(model, 1);

    EventEnvelope<RolloutStarted> started = rolloutStarted(model, 2, 1);
    bus.send(started);

    awaitAlias(model, "challenger", 2);
    JsonPath history = history(model, "challenger");
    assertThat(history.getList("items")).hasSize(1);
    assertThat(history.getString("items[0].movedBy")).isEqualTo("serving-gateway");
    assertThat(history.getString("items[0].reason")).contains("rollout.started: version 2");
    assertThat(history.getString("items[0].causeEventId")).isEqualTo(started.id());
    assertThat((Object) history.get("items[0].previousVersion")).isNull();
    EventEnvelope<ModelAliasMoved> moved = awaitMoved(model, "challenger", 1).get(0);
    assertThat(moved.data())
        .isEqualTo(
            new ModelAliasMoved(
                model, "challenger", 2, null, "serving-gateway", history.get("items[0].reason")));
    assertThat(moved.causationId()).isEqualTo(started.id());
  }

  @Test
  void promotionMakesTheChallengerChampionAndEndsTheRollout() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 2);
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    bus.send(rolloutStarted(model, 2, 1));
    awaitAlias(model, "challenger", 2);

    bus.send(promotion(model, 2, 1, versions.get(1).artifact()));

    awaitChampion(model, 2);
    awaitNoAlias(model, "challenger");
    JsonPath champion = history(model, "champion");
    assertThat(champion.getList("items.version")).containsExactly(1, 2);
    assertThat(champion.getList("items.previousVersion")).containsExactly(null, 1);
    List<ModelAliasMoved> challengerMoves =
        awaitMoved(model, "challenger", 2).stream().map(EventEnvelope::data).toList();
    assertThat(challengerMoves.get(1).version()).isNull();
    assertThat(challengerMoves.get(1).previousVersion()).isEqualTo(2);
    assertThat(challengerMoves.get(1).reason()).contains("model.promoted: version 2");
  }

  @Test
  void automaticRollbackEndsTheChallengerAndLeavesTheChampion() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 2);
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    bus.send(rolloutStarted(model, 2, 1));
    awaitAlias(model, "challenger", 2);

    bus.send(rolledBack(model, 2, 1, null));

    awaitNoAlias(model, "challenger");
    awaitChampion(model, 1);
    assertThat(history(model, "champion").getList("items")).hasSize(1);
    assertThat(history(model, "challenger").getString("items[1].reason"))
        .isEqualTo("model.rolled_back: maxErrorRate: error rate 0.2 > 0.05");
  }

  @Test
  void rollbackByHandRestoresTheChampionInThePersonsName() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 2);
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    bus.send(promotion(model, 2, 1, versions.get(1).artifact()));
    awaitChampion(model, 2);

    bus.send(rolledBack(model, 2, 1, new ManualDecision("alice", "v2 mislabels setosa")));

    awaitChampion(model, 1);
    JsonPath history = history(model, "champion");
    assertThat(history.getString("items[2].movedBy")).isEqualTo("alice");
    assertThat(history.getString("items[2].reason"))
        .isEqualTo("model.rolled_back: rolled back by hand; asked by hand: v2 mislabels setosa");
    assertThat(history.getBoolean("items[2].viaRollback")).isTrue();
  }

  @Test
  void redeliveredServingEventsMoveNothingTwice() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 3);
    EventEnvelope<ModelPromoted> first = promotion(model, 1, null, versions.get(0).artifact());
    EventEnvelope<RolloutStarted> started = rolloutStarted(model, 2, 1);
    EventEnvelope<ModelRolledBack> failed = rolledBack(model, 2, 1, null);
    EventEnvelope<RolloutStarted> again = rolloutStarted(model, 3, 1);
    EventEnvelope<ModelPromoted> won = promotion(model, 3, 1, versions.get(2).artifact());
    sendTwice(first);
    awaitChampion(model, 1);
    sendTwice(started);
    awaitAlias(model, "challenger", 2);
    sendTwice(failed);
    awaitNoAlias(model, "challenger");
    sendTwice(again);
    awaitAlias(model, "challenger", 3);
    sendTwice(won);
    // Barriers behind them on each topic's partition: once dead-lettered, all before were applied.
    bus.send(rolloutStarted(model, 99, 3));
    bus.send(promotion(model, 99, 3, versions.get(2).artifact()));

    await().atMost(WAIT).until(() -> bus.deadLetters(model).size() == 2);
    assertThat(bus.deadLetters(model))
        .allSatisfy(d -> assertThat(d.error()).contains("version 99, which was never registered"));
    awaitChampion(model, 3);
    awaitNoAlias(model, "challenger");
    assertThat(history(model, "champion").getList("items.version")).containsExactly(1, 3);
    assertThat(history(model, "challenger").getList("items.version"))
        .containsExactly(2, null, 3, null);
    // 2 champion + 4 challenger moves: each once, however often its cause was delivered.
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(bus.events(model, ModelAliasMoved.class)).hasSize(6));
  }

  @Test
  void rolloutStartedReadAfterTheRollbackThatEndedItMovesNothing() {
    String model = uniqueModel();
    List<ModelCandidate> versions = register(bus, model, 2);
    bus.send(promotion(model, 1, null, versions.get(0).artifact()));
    awaitChampion(model, 1);
    EventEnvelope<RolloutStarted> started = rolloutStarted(model, 2, 1);
    EventEnvelope<ModelRolledBack> failed = rolledBack(model, 2, 1, null);

    // The two topics have no order between them: the rollback may be read first.
    bus.send(failed);
    bus.send(promotion(model, 98, 1, versions.get(0).artifact()));
    await().atMost(WAIT).until(() -> bus.deadLetters(model).size() == 1);
    bus.send(started);
    bus.send(rolloutStarted(model, 99, 1));
    await().atMost(WAIT).until(() -> bus.deadLetters(model).size() == 2);

    awaitNoAlias(model, "challenger");
    assertThat(history(model, "challenger").getList("items")).isEmpty();
  }

  private static void sendTwice(EventEnvelope<?> event) {
    bus.send(event);
    bus.send(event);
  }

  private static void awaitAlias(String model, String alias, int version) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .get("/api/v1/models/{name}/aliases/{alias}", model, alias)
                    .then()
                    .statusCode(200)
                    .body("version", equalTo(version)));
  }

  private static void awaitNoAlias(String model, String alias) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(TestTokens.admin())
                    .get("/api/v1/models/{name}/aliases/{alias}", model, alias)
                    .then()
                    .statusCode(404));
  }

  static JsonPath history(String model, String alias) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/aliases/{alias}/history", model, alias)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static List<EventEnvelope<ModelAliasMoved>> awaitMoved(
      String model, String alias, int count) {
    await().atMost(WAIT).until(() -> moved(model, alias).size() >= count);
    return moved(model, alias);
  }

  private static List<EventEnvelope<ModelAliasMoved>> moved(String model, String alias) {
    return bus.envelopes(model, ModelAliasMoved.class).stream()
        .filter(e -> e.data().alias().equals(alias))
        .toList();
  }
}

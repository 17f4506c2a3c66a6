package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Requests.ALICE;
import static io.sluice.registry.Requests.alice;
import static io.sluice.registry.ServingEvents.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelAliasMoved;
import io.sluice.events.Topics;
import io.sluice.security.Roles;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A person's own aliases: moved with a reason, recorded and announced; serving aliases refused. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class AliasResourceIT {

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
  void aPersonsAliasMovesWithWhoAndWhyAndIsAnnouncedOncePerMove() {
    String model = uniqueModel();
    register(bus, model, 2);

    put(model, "staging", "{\"version\": 1, \"reason\": \"try on staging\"}")
        .then()
        .statusCode(200)
        .body("alias", equalTo("staging"))
        .body("version", equalTo(1));
    put(model, "staging", "{\"version\": 1, \"reason\": \"again\"}").then().statusCode(200);
    put(model, "staging", "{\"version\": 2, \"reason\": \"v2 is better\"}").then().statusCode(200);
    delete(model, "staging", "{\"reason\": \"staging is gone\"}")
        .then()
        .statusCode(200)
        .body("version", equalTo(null))
        .body("previousVersion", equalTo(2));

    JsonPath history = AliasFollowingIT.history(model, "staging");
    assertThat(history.getList("items.version")).containsExactly(1, 2, null);
    assertThat(history.getList("items.movedBy")).containsOnly(ALICE);
    assertThat(history.getList("items.reason"))
        .containsExactly("try on staging", "v2 is better", "staging is gone");
    assertThat(history.getList("items.causeEventId")).containsOnlyNulls();
    await().atMost(WAIT).until(() -> bus.events(model, ModelAliasMoved.class).size() >= 3);
    List<EventEnvelope<ModelAliasMoved>> moved = bus.envelopes(model, ModelAliasMoved.class);
    assertThat(moved)
        .extracting(EventEnvelope::data)
        .containsExactly(
            new ModelAliasMoved(model, "staging", 1, null, ALICE, "try on staging"),
            new ModelAliasMoved(model, "staging", 2, 1, ALICE, "v2 is better"),
            new ModelAliasMoved(model, "staging", null, 2, ALICE, "staging is gone"));
    assertThat(moved.get(0).causationId()).isNull();
    assertThat(history.getList("items.eventId"))
        .containsExactlyElementsOf(moved.stream().map(EventEnvelope::id).toList());
    get(model, "staging").then().statusCode(404);
    delete(model, "staging", "{\"reason\": \"twice\"}").then().statusCode(404);
  }

  @Test
  void aliasesAreListedWithTheVersionTheyName() {
    String model = uniqueModel();
    register(bus, model, 2);
    put(model, "staging", "{\"version\": 2, \"reason\": \"a\"}").then().statusCode(200);
    put(model, "baseline", "{\"version\": 1, \"reason\": \"b\"}").then().statusCode(200);

    given()
        .auth()
        .oauth2(TestTokens.withRoles(Roles.VIEWER))
        .get("/api/v1/models/{name}/aliases", model)
        .then()
        .statusCode(200)
        .body("items.alias", org.hamcrest.Matchers.contains("baseline", "staging"))
        .body("items.version", org.hamcrest.Matchers.contains(1, 2));
    Requests.version(model, 2).then().body("aliases", org.hamcrest.Matchers.contains("staging"));
  }

  @Test
  void championAndChallengerAreMovedOnlyByServingEvents() {
    String model = uniqueModel();
    register(bus, model, 1);

    for (String alias : List.of("champion", "challenger")) {
      put(model, alias, "{\"version\": 1, \"reason\": \"by hand\"}")
          .then()
          .statusCode(409)
          .body("detail", containsString("only the serving gateway moves it"));
      delete(model, alias, "{\"reason\": \"by hand\"}").then().statusCode(409);
    }
    assertThat(AliasFollowingIT.history(model, "champion").getList("items")).isEmpty();
  }

  @Test
  void unknownModelsAndVersionsAre404() {
    String model = uniqueModel();
    register(bus, model, 1);

    put(model, "staging", "{\"version\": 5, \"reason\": \"x\"}")
        .then()
        .statusCode(404)
        .body("detail", equalTo(model + " has no version 5"));
    put("no-such-model", "staging", "{\"version\": 1, \"reason\": \"x\"}").then().statusCode(404);
    given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/no-such-model/aliases")
        .then()
        .statusCode(404);
  }

  @Test
  void historyIsPaged() {
    String model = uniqueModel();
    register(bus, model, 2);
    for (int i = 0; i < 3; i++) {
      put(model, "staging", "{\"version\": " + (1 + i % 2) + ", \"reason\": \"r" + i + "\"}")
          .then()
          .statusCode(200);
    }

    JsonPath first = page(model, "?limit=2");
    assertThat(first.getList("items.reason")).containsExactly("r0", "r1");
    JsonPath second = page(model, "?limit=2&after=" + first.getLong("next"));
    assertThat(second.getList("items.reason")).containsExactly("r2");
    assertThat((Object) second.get("next")).isNull();
  }

  @Test
  void onlyApproversMoveAliasesAndBadInputIsRefusedWithoutAMove() {
    String model = uniqueModel();
    register(bus, model, 1);
    Requests.as("bob", Roles.VIEWER)
        .contentType("application/json")
        .body("{\"version\": 1, \"reason\": \"x\"}")
        .put("/api/v1/models/{name}/aliases/staging", model)
        .then()
        .statusCode(403);
    Requests.as("bob", Roles.ML_ENGINEER)
        .contentType("application/json")
        .body("{\"reason\": \"x\"}")
        .delete("/api/v1/models/{name}/aliases/staging", model)
        .then()
        .statusCode(403);
    Map<String, String> bodies =
        Map.of(
            "{\"reason\": \"x\"}",
            "version is required",
            "{\"version\": \"1\", \"reason\": \"x\"}",
            "version must be a version number",
            "{\"version\": 0, \"reason\": \"x\"}",
            "version must be a version number",
            "{\"version\": 1}",
            "reason is required",
            "{\"version\": 1, \"reason\": \"a\\u001b[31mred\"}",
            "control characters",
            "{\"version\": 1, \"reason\": \"" + "y".repeat(1 << 20) + "\"}",
            "at most",
            "{\"version\": 1, \"version\": 2, \"reason\": \"x\"}",
            "Duplicate field",
            "{\"version\": 1, \"reason\": \"x\", \"alias\": \"y\"}",
            "unknown field");
    bodies.forEach(
        (body, detail) ->
            put(model, "staging", body)
                .then()
                .statusCode(400)
                .body("detail", containsString(detail)));
    for (String alias : List.of("Staging", "-x", "a".repeat(64), "st%20aging")) {
      put(model, alias, "{\"version\": 1, \"reason\": \"x\"}").then().statusCode(400);
    }
    assertThat(AliasFollowingIT.history(model, "staging").getList("items")).isEmpty();
  }

  private static JsonPath page(String model, String query) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .urlEncodingEnabled(false)
        .get("/api/v1/models/" + model + "/aliases/staging/history" + query)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Response put(String model, String alias, String body) {
    return alice()
        .contentType("application/json")
        .body(body)
        .put("/api/v1/models/{name}/aliases/{alias}", model, alias);
  }

  private static Response delete(String model, String alias, String body) {
    return alice()
        .contentType("application/json")
        .body(body)
        .delete("/api/v1/models/{name}/aliases/{alias}", model, alias);
  }

  private static Response get(String model, String alias) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/aliases/{alias}", model, alias);
  }
}

package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code models ...} against a fake registry: what each command asks for, how it shows the answer
 * and a refusal. The real endpoints are exercised by the registry's ITs.
 */
class ModelsCommandTest {

  @RegisterExtension
  final CliAgainstFakeServer cli =
      new CliAgainstFakeServer(
          "SLUICE_REGISTRY_URL", Map.of("SLUICE_ORCHESTRATOR_URL", "http://127.0.0.1:9"));

  private static final String DECISION =
      """
      {"id":7,"modelName":"iris","version":%d,"action":"%s","decidedBy":"alice",
       "reason":"beats v2","eventId":"e-1","decidedAt":"2026-12-03T12:00:00Z"}
      """;

  @Test
  void approveSendsTheReasonToTheRegistryAndSaysItWasAccepted() throws Exception {
    cli.server()
        .answer(
            "POST /api/v1/models/iris/versions/3/approve", 202, DECISION.formatted(3, "APPROVE"));

    assertThat(cli.run("models", "approve", "iris", "3", "--reason", "beats v2")).isZero();

    assertThat(body().get("reason").asText()).isEqualTo("beats v2");
    assertThat(cli.server().last().header("content-type")).isEqualTo("application/json");
    assertThat(cli.out()).isEqualTo("approve of iris version 3: accepted\n");
  }

  @Test
  void aRepeatedDecisionSaysItWasAlreadyAccepted() {
    cli.server()
        .answer(
            "POST /api/v1/models/iris/versions/3/promote", 200, DECISION.formatted(3, "PROMOTE"));

    assertThat(cli.run("models", "promote", "iris", "3", "--reason", "beats v2")).isZero();

    assertThat(cli.out()).contains("already accepted (same request)");
  }

  @Test
  void aDecisionWithoutAReasonIsRefusedBeforeAnyRequest() {
    int exit = cli.run("models", "reject", "iris", "3");

    assertThat(exit).isNotZero();
    assertThat(cli.err()).contains("needs --reason");
    assertThat(cli.server().requests()).isEmpty();
  }

  @Test
  void aVersionThatIsNoNumberIsRefusedBeforeAnyRequest() {
    assertThat(cli.run("models", "archive", "iris", "v3", "--reason", "old")).isNotZero();
    assertThat(cli.err()).contains("version is a version number from 1");
    assertThat(cli.server().requests()).isEmpty();
  }

  @Test
  void rollbackNamesTheVersionAskedForAndShowsTheOneChosen() throws Exception {
    cli.server()
        .answer("POST /api/v1/models/iris/rollback", 202, DECISION.formatted(2, "ROLLBACK"));

    assertThat(cli.run("models", "rollback", "iris", "--to", "2", "--reason", "v3 mislabels"))
        .isZero();

    assertThat(body().get("toVersion").asInt()).isEqualTo(2);
    assertThat(cli.out()).isEqualTo("rollback of iris to version 2: accepted\n");
  }

  @Test
  void aRefusalShowsTheRegistrysProblem() {
    cli.server()
        .answer(
            "POST /api/v1/models/iris/rollback",
            409,
            "{\"status\":409,\"detail\":\"iris has no champion to roll back from\"}");

    assertThat(cli.run("models", "rollback", "iris", "--reason", "bad")).isEqualTo(1);

    assertThat(cli.err()).contains("iris has no champion to roll back from");
  }

  @Test
  void aliasPutsTheVersionAndReason() throws Exception {
    cli.server()
        .answer(
            "PUT /api/v1/models/iris/aliases/staging",
            200,
            "{\"modelName\":\"iris\",\"alias\":\"staging\",\"version\":4}");

    assertThat(cli.run("models", "alias", "iris", "staging", "4", "--reason", "try it")).isZero();

    assertThat(body().get("version").asInt()).isEqualTo(4);
    assertThat(body().get("reason").asText()).isEqualTo("try it");
  }

  @Test
  void unaliasDeletesWithAReason() throws Exception {
    cli.server()
        .answer(
            "DELETE /api/v1/models/iris/aliases/staging",
            200,
            "{\"alias\":\"staging\",\"version\":null,\"previousVersion\":4}");

    assertThat(cli.run("models", "unalias", "iris", "staging", "--reason", "done")).isZero();

    assertThat(cli.server().last().method()).isEqualTo("DELETE");
    assertThat(body().get("reason").asText()).isEqualTo("done");
  }

  @Test
  void aliasesAreATableOrTheRegistrysJson() {
    String json =
        "{\"items\":[{\"modelName\":\"iris\",\"alias\":\"champion\",\"version\":3,"
            + "\"updatedAt\":\"2026-12-03T12:00:00Z\"}]}";
    cli.server().answer("GET /api/v1/models/iris/aliases", 200, json);

    assertThat(cli.run("models", "aliases", "iris")).isZero();
    assertThat(cli.out()).contains("ALIAS").contains("champion").contains("3");
    cli.resetOut();
    assertThat(cli.run("models", "aliases", "iris", "--output", "json")).isZero();
    assertThat(cli.out().strip()).isEqualTo(json);
  }

  @Test
  void getOfAVersionShowsItsDecisions() {
    cli.server()
        .answer(
            "GET /api/v1/models/iris/versions/3",
            200,
            """
        {"version":3,"verdict":"REJECTED","aliases":["staging"],"archived":false,"runId":"r-1",
         "registeredAt":"2026-12-03T11:00:00Z","reasons":["metric 'accuracy' = 0.8 fails >= 0.9"],
         "decisions":[{"action":"APPROVE","decidedBy":"alice","reason":"labels fixed",
                       "decidedAt":"2026-12-03T12:00:00Z"}]}
        """);

    assertThat(cli.run("models", "get", "iris", "3")).isZero();

    assertThat(cli.out())
        .contains("iris version 3")
        .contains("REJECTED (the gate's)")
        .contains("APPROVE")
        .contains("labels fixed");
  }

  @Test
  void getTakesAtMostOneVersion() {
    assertThat(cli.run("models", "get", "iris", "3", "4")).isNotZero();
    assertThat(cli.err()).contains("usage: ./sluice models get <name> [version]");
  }

  private JsonNode body() throws Exception {
    return Json.mapper().readTree(cli.server().last().body());
  }
}

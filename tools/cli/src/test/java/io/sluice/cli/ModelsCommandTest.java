package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.api.FakeOrchestrator;
import io.sluice.events.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models ...} against a fake registry: what each command asks for, how it shows the answer
 * and a refusal. The real endpoints are exercised by the registry's ITs.
 */
class ModelsCommandTest {

  private static final String DECISION =
      """
      {"id":7,"modelName":"iris","version":%d,"action":"%s","decidedBy":"alice",
       "reason":"beats v2","eventId":"e-1","decidedAt":"2026-12-03T12:00:00Z"}
      """;

  @TempDir Path home;
  private FakeOrchestrator server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = new FakeOrchestrator();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void approveSendsTheReasonToTheRegistryAndSaysItWasAccepted() throws Exception {
    server.answer(
        "POST /api/v1/models/iris/versions/3/approve", 202, DECISION.formatted(3, "APPROVE"));

    assertThat(cli("models", "approve", "iris", "3", "--reason", "beats v2")).isZero();

    assertThat(body().get("reason").asText()).isEqualTo("beats v2");
    assertThat(server.last().header("content-type")).isEqualTo("application/json");
    assertThat(out()).isEqualTo("approve of iris version 3: accepted\n");
  }

  @Test
  void aRepeatedDecisionSaysItWasAlreadyAccepted() {
    server.answer(
        "POST /api/v1/models/iris/versions/3/promote", 200, DECISION.formatted(3, "PROMOTE"));

    assertThat(cli("models", "promote", "iris", "3", "--reason", "beats v2")).isZero();

    assertThat(out()).contains("already accepted (same request)");
  }

  @Test
  void aDecisionWithoutAReasonIsRefusedBeforeAnyRequest() {
    int exit = cli("models", "reject", "iris", "3");

    assertThat(exit).isNotZero();
    assertThat(err()).contains("needs --reason");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aVersionThatIsNoNumberIsRefusedBeforeAnyRequest() {
    assertThat(cli("models", "archive", "iris", "v3", "--reason", "old")).isNotZero();
    assertThat(err()).contains("version is a version number from 1");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void rollbackNamesTheVersionAskedForAndShowsTheOneChosen() throws Exception {
    server.answer("POST /api/v1/models/iris/rollback", 202, DECISION.formatted(2, "ROLLBACK"));

    assertThat(cli("models", "rollback", "iris", "--to", "2", "--reason", "v3 mislabels")).isZero();

    assertThat(body().get("toVersion").asInt()).isEqualTo(2);
    assertThat(out()).isEqualTo("rollback of iris to version 2: accepted\n");
  }

  @Test
  void aRefusalShowsTheRegistrysProblem() {
    server.answer(
        "POST /api/v1/models/iris/rollback",
        409,
        "{\"status\":409,\"detail\":\"iris has no champion to roll back from\"}");

    assertThat(cli("models", "rollback", "iris", "--reason", "bad")).isEqualTo(1);

    assertThat(err()).contains("iris has no champion to roll back from");
  }

  @Test
  void aliasPutsTheVersionAndReason() throws Exception {
    server.answer(
        "PUT /api/v1/models/iris/aliases/staging",
        200,
        "{\"modelName\":\"iris\",\"alias\":\"staging\",\"version\":4}");

    assertThat(cli("models", "alias", "iris", "staging", "4", "--reason", "try it")).isZero();

    assertThat(body().get("version").asInt()).isEqualTo(4);
    assertThat(body().get("reason").asText()).isEqualTo("try it");
  }

  @Test
  void unaliasDeletesWithAReason() throws Exception {
    server.answer(
        "DELETE /api/v1/models/iris/aliases/staging",
        200,
        "{\"alias\":\"staging\",\"version\":null,\"previousVersion\":4}");

    assertThat(cli("models", "unalias", "iris", "staging", "--reason", "done")).isZero();

    assertThat(server.last().method()).isEqualTo("DELETE");
    assertThat(body().get("reason").asText()).isEqualTo("done");
  }

  @Test
  void aliasesAreATableOrTheRegistrysJson() {
    String json =
        "{\"items\":[{\"modelName\":\"iris\",\"alias\":\"champion\",\"version\":3,"
            + "\"updatedAt\":\"2026-12-03T12:00:00Z\"}]}";
    server.answer("GET /api/v1/models/iris/aliases", 200, json);

    assertThat(cli("models", "aliases", "iris")).isZero();
    assertThat(out()).contains("ALIAS").contains("champion").contains("3");
    out.reset();
    assertThat(cli("models", "aliases", "iris", "--output", "json")).isZero();
    assertThat(out().strip()).isEqualTo(json);
  }

  @Test
  void getOfAVersionShowsItsDecisions() {
    server.answer(
        "GET /api/v1/models/iris/versions/3",
        200,
        """
        {"version":3,"verdict":"REJECTED","aliases":["staging"],"archived":false,"runId":"r-1",
         "registeredAt":"2026-12-03T11:00:00Z","reasons":["metric 'accuracy' = 0.8 fails >= 0.9"],
         "decisions":[{"action":"APPROVE","decidedBy":"alice","reason":"labels fixed",
                       "decidedAt":"2026-12-03T12:00:00Z"}]}
        """);

    assertThat(cli("models", "get", "iris", "3")).isZero();

    assertThat(out())
        .contains("iris version 3")
        .contains("REJECTED (the gate's)")
        .contains("APPROVE")
        .contains("labels fixed");
  }

  @Test
  void getTakesAtMostOneVersion() {
    assertThat(cli("models", "get", "iris", "3", "4")).isNotZero();
    assertThat(err()).contains("usage: ./sluice models get <name> [version]");
  }

  private JsonNode body() throws Exception {
    return Json.mapper().readTree(server.last().body());
  }

  private int cli(String... args) {
    Map<String, String> env =
        Map.of(
            "SLUICE_HOME",
            home.toString(),
            "SLUICE_REGISTRY_URL",
            server.url(),
            "SLUICE_ORCHESTRATOR_URL",
            "http://127.0.0.1:9",
            "SLUICE_TOKEN",
            "test-token");
    return new Main(
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(List.of(args));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

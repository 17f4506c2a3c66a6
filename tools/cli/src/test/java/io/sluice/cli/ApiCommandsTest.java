package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.cli.api.FakeOrchestrator;
import io.sluice.events.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipelines} and {@code runs} against a fake orchestrator: what each command asks for, how
 * it shows the answer, and how it reports a refusal. The real endpoints are exercised by the e2e
 * test; start, retry, re-run and logs are not in this branch, so their tests say "AgainstAFake".
 */
class ApiCommandsTest {

  private static final String RUN_ID = "0193a0b0-0000-7000-8000-000000000001";
  private static final String VERSION = "ab".repeat(32);
  private static final String RUN =
      """
      {"id":"%s","pipelineName":"iris","pipelineVersion":"%s","datasetName":"iris",
       "datasetVersion":"%s","state":"FAILED","failure":"step evaluate failed",
       "createdAt":"2026-12-03T12:00:00Z","finishedAt":"2026-12-03T12:02:05Z",
       "trigger":{"kind":"MANUAL","caller":"ada"},
       "steps":[{"name":"split","state":"DONE","attempt":1,"startedAt":"2026-12-03T12:00:01Z",
                 "finishedAt":"2026-12-03T12:00:04Z","cachedFrom":{"runId":"older-run",
                 "stepName":"split","attempt":1}},
                {"name":"evaluate","state":"FAILED","attempt":2,
                 "startedAt":"2026-12-03T12:01:00Z","finishedAt":"2026-12-03T12:02:00Z",
                 "lastError":"USAGE: no label column 'species'"},
                {"name":"select","state":"PENDING","attempt":0}]}
      """
          .formatted(RUN_ID, VERSION, VERSION);

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
  void applyShowsARefusedSpecAgainstTheFilesLine() throws Exception {
    Path spec = home.resolve("spec.yaml");
    Files.writeString(spec, "name: iris\nsteps:\n  - name: split\n    imag: x\n");
    server.answer(
        "POST /api/v1/pipelines",
        400,
        "{\"title\":\"Invalid pipeline spec\",\"status\":400,"
            + "\"detail\":\"line 4: unknown key 'imag'\",\"line\":4}");

    int exit = cli("pipelines", "apply", "-f", spec.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err())
        .contains("error: line 4: unknown key 'imag'")
        .contains("--> " + spec + ":4")
        .contains("> 4 |     imag: x")
        .contains("|     ^^^^^^^");
    assertThat(server.last().header("content-type")).isEqualTo("application/yaml");
    assertThat(server.last().body()).isEqualTo(Files.readString(spec));
  }

  @Test
  void applyNamesTheVersionAndItsWarningsAndSendsTheToken() throws Exception {
    Path spec = home.resolve("spec.yaml");
    Files.writeString(spec, "name: iris\n");
    server.answer(
        "POST /api/v1/pipelines",
        201,
        "{\"name\":\"iris\",\"version\":\"" + VERSION + "\",\"warnings\":[\"step x unused\"]}");

    assertThat(cli("pipelines", "apply", "-f", spec.toString())).isZero();

    assertThat(out())
        .isEqualTo("pipeline iris created: version " + VERSION + "\nwarning: step x unused\n");
    assertThat(server.last().header("authorization")).isEqualTo("Bearer test-token");
  }

  @Test
  void runsListSendsEveryFilterAndShowsATableWithTheNextCursor() throws Exception {
    server.answer(
        "GET /api/v1/runs",
        200,
        "{\"items\":["
            + RUN.replaceAll(",\\s*\"steps\":\\[.*\\]\\}", "}")
            + "],\"next\":\""
            + RUN_ID
            + "\"}");

    int exit =
        cli(
            "runs",
            "list",
            "--pipeline",
            "iris",
            "--state",
            "failed",
            "--trigger",
            "manual",
            "--dataset-version",
            VERSION,
            "--since",
            "2026-12-01T00:00:00Z",
            "--until",
            "2026-12-04T00:00:00Z",
            "--limit",
            "1",
            "--cursor",
            "c");

    assertThat(exit).isZero();
    assertThat(server.last().query())
        .isEqualTo(
            "pipeline=iris&state=failed&trigger=manual&datasetVersion="
                + VERSION
                + "&createdAfter=2026-12-01T00%3A00%3A00Z&createdBefore=2026-12-04T00%3A00%3A00Z"
                + "&limit=1&cursor=c");
    assertThat(out().lines().toList())
        .containsExactly(
            "ID                                    PIPELINE  STATE   TRIGGER        DATASET       "
                + "CREATED               DURATION",
            RUN_ID + "  iris      FAILED  manual by ada  abababababab  2026-12-03 12:00:00Z  2m05s",
            "more: --cursor " + RUN_ID);
  }

  @Test
  void outputJsonPrintsTheServersJsonUnchanged() throws Exception {
    String body = "{\"items\":[],\"next\":null,\"extra\":{\"kept\":true}}";
    server.answer("GET /api/v1/runs", 200, body);

    assertThat(cli("runs", "list", "--output", "json")).isZero();

    assertThat(out()).isEqualTo(body + "\n");
    JsonNode parsed = Json.mapper().readTree(out());
    assertThat(parsed.path("extra").path("kept").asBoolean()).isTrue();
  }

  @Test
  void runsGetShowsTheRunAndItsStepsWithCacheAndLastError() throws Exception {
    server.answer("GET /api/v1/runs/" + RUN_ID, 200, RUN);

    assertThat(cli("runs", "get", RUN_ID)).isZero();

    assertThat(out())
        .contains("Run:       " + RUN_ID)
        .contains("Trigger:   manual by ada")
        .contains("Failure:   step evaluate failed")
        .contains("split     DONE     1        3s        from older-run  -")
        .contains("evaluate  FAILED   2        1m00s     -               USAGE: no label column")
        .contains("select    PENDING  -        -         -               -");
  }

  @Test
  void runsTimelineShowsEachEventAndTheNextPage() throws Exception {
    server.answer(
        "GET /api/v1/runs/" + RUN_ID + "/timeline",
        200,
        "{\"runId\":\"%s\",\"items\":[{\"seq\":7,\"eventType\":\"step.failed\",\"eventId\":\"e\","
                .formatted(RUN_ID)
            + "\"time\":\"2026-12-03T12:02:00Z\",\"step\":\"evaluate\",\"attempt\":2,"
            + "\"detail\":\"USAGE: no label\"}],\"next\":\"7\"}");

    assertThat(cli("runs", "timeline", RUN_ID, "--limit", "1")).isZero();

    assertThat(server.last().query()).isEqualTo("limit=1");
    assertThat(out())
        .contains("2026-12-03 12:02:00Z  step.failed  evaluate  2        USAGE: no label")
        .contains("more: --after 7");
  }

  @Test
  void runsStartPostsTheManualRunBodyAgainstAFake() throws Exception {
    server.answer("POST /api/v1/pipelines/iris/runs", 201, RUN);

    int exit =
        cli(
            "runs",
            "start",
            "iris",
            "--dataset-version",
            VERSION,
            "--pipeline-version",
            "pv",
            "--param",
            "seed=7",
            "--param",
            "note=a=b",
            "--no-cache");

    assertThat(exit).isZero();
    JsonNode body = Json.mapper().readTree(server.last().body());
    assertThat(body)
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"datasetVersion\":\"%s\",\"pipelineVersion\":\"pv\",\"params\":{\"seed\":\"7\",\"note\":\"a=b\"},\"cache\":false}"
                        .formatted(VERSION)));
    assertThat(out()).contains("started run " + RUN_ID + " of iris").contains("runs get " + RUN_ID);
  }

  @Test
  void runsStartWithNothingButThePipelineSendsAnEmptyBodyAgainstAFake() throws Exception {
    server.answer("POST /api/v1/pipelines/my%20pipe/runs", 201, RUN);

    assertThat(cli("runs", "start", "my pipe")).isZero();

    assertThat(server.last().body()).isEqualTo("{}");
  }

  @Test
  void retryRerunAndCancelPostToTheirEndpointsAgainstAFake() throws Exception {
    server.answer("POST /api/v1/runs/" + RUN_ID + "/retry", 201, RUN);
    server.answer("POST /api/v1/runs/" + RUN_ID + "/rerun", 201, RUN);
    server.answer("POST /api/v1/runs/" + RUN_ID + "/cancel", 202, RUN);

    assertThat(cli("runs", "retry", RUN_ID)).isZero();
    assertThat(cli("runs", "rerun", RUN_ID)).isZero();
    assertThat(cli("runs", "cancel", RUN_ID, "--reason", "wrong \"data\"")).isZero();

    assertThat(out()).contains("retry run " + RUN_ID, "re-run run " + RUN_ID, "cancelled");
    assertThat(Json.mapper().readTree(server.last().body()).path("reason").asText())
        .isEqualTo("wrong \"data\"");
  }

  @Test
  void runsLogsPrintsTheLogAsTextAgainstAFake() throws Exception {
    server.answerText(
        "GET /api/v1/runs/" + RUN_ID + "/steps/train/logs", 200, "epoch 1\nepoch 2\n");

    assertThat(cli("runs", "logs", RUN_ID, "train", "--attempt", "2")).isZero();

    assertThat(server.last().query()).isEqualTo("attempt=2");
    assertThat(out()).isEqualTo("epoch 1\nepoch 2\n");
  }

  @Test
  void aProblemIsPrintedAsItsDetailWithExitOne() throws Exception {
    server.answer(
        "GET /api/v1/runs", 400, "{\"status\":400,\"detail\":\"trigger must be one of [...]\"}");

    assertThat(cli("runs", "list", "--trigger", "cron")).isEqualTo(1);

    assertThat(err()).isEqualTo("error: trigger must be one of [...]\n");
    assertThat(out()).isEmpty();
  }

  @Test
  void anAnswerThatIsNotAProblemIsShownWithItsStatus() throws Exception {
    assertThat(cli("runs", "get", "nope")).isEqualTo(1);
    assertThat(err()).isEqualTo("error: no such thing: /api/v1/runs/nope\n");
    server.answerText("GET /api/v1/runs/x", 502, "<html>bad gateway</html>");
    err.reset();
    assertThat(cli("runs", "get", "x")).isEqualTo(1);
    assertThat(err()).isEqualTo("error: HTTP 502: <html>bad gateway</html>\n");
  }

  @Test
  void aServerThatIsNotThereIsNamedWithWhatToDo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    int exit = cli("runs", "list", "--server", "http://127.0.0.1:" + port);

    assertThat(exit).isEqualTo(1);
    assertThat(err())
        .contains("cannot reach the orchestrator at http://127.0.0.1:" + port)
        .contains("./sluice up");
  }

  @Test
  void badCommandLinesAreUsageErrorsThatCallNothing() throws Exception {
    for (List<String> args :
        List.of(
            List.of("runs"),
            List.of("runs", "explode"),
            List.of("runs", "get"),
            List.of("runs", "get", "a", "b"),
            List.of("runs", "list", "--state"),
            List.of("runs", "list", "--colour", "red"),
            List.of("runs", "list", "--state", "a", "--state", "b"),
            List.of("runs", "list", "--output", "yaml"),
            List.of("runs", "start", "iris", "--param", "noequals"),
            List.of("runs", "start", "iris", "--param", "=x"),
            List.of("runs", "start", "iris", "--param", "a=1", "--param", "a=2"),
            List.of("runs", "logs", RUN_ID, "train", "--attempt", "0"),
            List.of("pipelines", "apply"))) {
      err.reset();
      assertThat(cli(args.toArray(String[]::new))).as("%s", args).isEqualTo(2);
      assertThat(err()).as("%s", args).contains("sluice: ");
    }
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aSpecFileThatCannotBeReadIsNamed() throws Exception {
    assertThat(cli("pipelines", "apply", "-f", home.resolve("missing.yaml").toString()))
        .isEqualTo(1);
    assertThat(err()).contains("cannot read " + home.resolve("missing.yaml"));
    Path big = home.resolve("big.yaml");
    Files.write(big, new byte[2 * 1024 * 1024]);
    err.reset();
    assertThat(cli("pipelines", "apply", "-f", big.toString())).isEqualTo(1);
    assertThat(err()).contains("larger than");
    assertThat(server.requests()).isEmpty();
  }

  private int cli(String... args) {
    Map<String, String> env =
        Map.of(
            "SLUICE_HOME", home.toString(),
            "SLUICE_ORCHESTRATOR_URL", server.url(),
            "SLUICE_TOKEN", "test-token");
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

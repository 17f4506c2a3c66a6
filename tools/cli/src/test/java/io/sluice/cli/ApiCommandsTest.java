package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.Json;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code pipelines} and {@code runs} against a fake orchestrator: what each command asks for, how
 * it shows the answer, and how it reports a refusal. The real endpoints are exercised by the e2e
 * test; start, retry, re-run and logs are not in this branch, so their tests say "AgainstAFake".
 */
class ApiCommandsTest {

  @RegisterExtension
  final CliAgainstFakeServer cli = new CliAgainstFakeServer("SLUICE_ORCHESTRATOR_URL", Map.of());

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

  @Test
  void applyShowsARefusedSpecAgainstTheFilesLine() throws Exception {
    Path spec = cli.home().resolve("spec.yaml");
    Files.writeString(spec, "name: iris\nsteps:\n  - name: split\n    imag: x\n");
    cli.server()
        .answer(
            "POST /api/v1/pipelines",
            400,
            "{\"title\":\"Invalid pipeline spec\",\"status\":400,"
                + "\"detail\":\"line 4: unknown key 'imag'\",\"line\":4}");

    int exit = cli.run("pipelines", "apply", "-f", spec.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err())
        .contains("error: line 4: unknown key 'imag'")
        .contains("--> " + spec + ":4")
        .contains("> 4 |     imag: x")
        .contains("|     ^^^^^^^");
    assertThat(cli.server().last().header("content-type")).isEqualTo("application/yaml");
    assertThat(cli.server().last().body()).isEqualTo(Files.readString(spec));
  }

  @Test
  void applyNamesTheVersionAndItsWarningsAndSendsTheToken() throws Exception {
    Path spec = cli.home().resolve("spec.yaml");
    Files.writeString(spec, "name: iris\n");
    cli.server()
        .answer(
            "POST /api/v1/pipelines",
            201,
            "{\"name\":\"iris\",\"version\":\"" + VERSION + "\",\"warnings\":[\"step x unused\"]}");

    assertThat(cli.run("pipelines", "apply", "-f", spec.toString())).isZero();

    assertThat(cli.out())
        .isEqualTo("pipeline iris created: version " + VERSION + "\nwarning: step x unused\n");
    assertThat(cli.server().last().header("authorization")).isEqualTo("Bearer test-token");
  }

  @Test
  void runsListSendsEveryFilterAndShowsATableWithTheNextCursor() throws Exception {
    cli.server()
        .answer(
            "GET /api/v1/runs",
            200,
            "{\"items\":["
                + RUN.replaceAll(",\\s*\"steps\":\\[.*\\]\\}", "}")
                + "],\"next\":\""
                + RUN_ID
                + "\"}");

    int exit =
        cli.run(
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
    assertThat(cli.server().last().query())
        .isEqualTo(
            "pipeline=iris&state=failed&trigger=manual&datasetVersion="
                + VERSION
                + "&createdAfter=2026-12-01T00%3A00%3A00Z&createdBefore=2026-12-04T00%3A00%3A00Z"
                + "&limit=1&cursor=c");
    assertThat(cli.out().lines().toList())
        .containsExactly(
            "ID                                    PIPELINE  STATE   TRIGGER        DATASET       "
                + "CREATED               DURATION",
            RUN_ID + "  iris      FAILED  manual by ada  abababababab  2026-12-03 12:00:00Z  2m05s",
            "more: --cursor " + RUN_ID);
  }

  @Test
  void outputJsonPrintsTheServersJsonUnchanged() throws Exception {
    String body = "{\"items\":[],\"next\":null,\"extra\":{\"kept\":true}}";
    cli.server().answer("GET /api/v1/runs", 200, body);

    assertThat(cli.run("runs", "list", "--output", "json")).isZero();

    assertThat(cli.out()).isEqualTo(body + "\n");
    JsonNode parsed = Json.mapper().readTree(cli.out());
    assertThat(parsed.path("extra").path("kept").asBoolean()).isTrue();
  }

  @Test
  void runsGetShowsTheRunAndItsStepsWithCacheAndLastError() throws Exception {
    cli.server().answer("GET /api/v1/runs/" + RUN_ID, 200, RUN);

    assertThat(cli.run("runs", "get", RUN_ID)).isZero();

    assertThat(cli.out())
        .contains("Run:       " + RUN_ID)
        .contains("Trigger:   manual by ada")
        .contains("Failure:   step evaluate failed")
        .contains("split     DONE     1        3s        from older-run  -")
        .contains("evaluate  FAILED   2        1m00s     -               USAGE: no label column")
        .contains("select    PENDING  -        -         -               -");
  }

  @Test
  void runsTimelineShowsEachEventAndTheNextPage() throws Exception {
    cli.server()
        .answer(
            "GET /api/v1/runs/" + RUN_ID + "/timeline",
            200,
            "{\"runId\":\"%s\",\"items\":[{\"seq\":7,\"eventType\":\"step.failed\",\"eventId\":\"e\","
                    .formatted(RUN_ID)
                + "\"time\":\"2026-12-03T12:02:00Z\",\"step\":\"evaluate\",\"attempt\":2,"
                + "\"detail\":\"USAGE: no label\"}],\"next\":\"7\"}");

    assertThat(cli.run("runs", "timeline", RUN_ID, "--limit", "1")).isZero();

    assertThat(cli.server().last().query()).isEqualTo("limit=1");
    assertThat(cli.out())
        .contains("2026-12-03 12:02:00Z  step.failed  evaluate  2        USAGE: no label")
        .contains("more: --after 7");
  }

  @Test
  void runsStartPostsTheManualRunBodyAgainstAFake() throws Exception {
    cli.server().answer("POST /api/v1/pipelines/iris/runs", 201, RUN);

    int exit =
        cli.run(
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
    JsonNode body = Json.mapper().readTree(cli.server().last().body());
    assertThat(body)
        .isEqualTo(
            Json.mapper()
                .readTree(
                    "{\"datasetVersion\":\"%s\",\"pipelineVersion\":\"pv\",\"params\":{\"seed\":\"7\",\"note\":\"a=b\"},\"cache\":false}"
                        .formatted(VERSION)));
    assertThat(cli.out())
        .contains("started run " + RUN_ID + " of iris")
        .contains("runs get " + RUN_ID);
  }

  @Test
  void runsStartWithNothingButThePipelineSendsAnEmptyBodyAgainstAFake() throws Exception {
    cli.server().answer("POST /api/v1/pipelines/my%20pipe/runs", 201, RUN);

    assertThat(cli.run("runs", "start", "my pipe")).isZero();

    assertThat(cli.server().last().body()).isEqualTo("{}");
  }

  @Test
  void retryRerunAndCancelPostToTheirEndpointsAgainstAFake() throws Exception {
    cli.server().answer("POST /api/v1/runs/" + RUN_ID + "/retry", 201, RUN);
    cli.server().answer("POST /api/v1/runs/" + RUN_ID + "/rerun", 201, RUN);
    cli.server().answer("POST /api/v1/runs/" + RUN_ID + "/cancel", 202, RUN);

    assertThat(cli.run("runs", "retry", RUN_ID)).isZero();
    assertThat(cli.run("runs", "rerun", RUN_ID)).isZero();
    assertThat(cli.run("runs", "cancel", RUN_ID, "--reason", "wrong \"data\"")).isZero();

    assertThat(cli.out()).contains("retry run " + RUN_ID, "re-run run " + RUN_ID, "cancelled");
    assertThat(Json.mapper().readTree(cli.server().last().body()).path("reason").asText())
        .isEqualTo("wrong \"data\"");
  }

  @Test
  void runsLogsPrintsTheLogAsTextAgainstAFake() throws Exception {
    cli.server()
        .answerText("GET /api/v1/runs/" + RUN_ID + "/steps/train/logs", 200, "epoch 1\nepoch 2\n");

    assertThat(cli.run("runs", "logs", RUN_ID, "train", "--attempt", "2")).isZero();

    assertThat(cli.server().last().query()).isEqualTo("attempt=2");
    assertThat(cli.out()).isEqualTo("epoch 1\nepoch 2\n");
  }

  @Test
  void aProblemIsPrintedAsItsDetailWithExitOne() throws Exception {
    cli.server()
        .answer(
            "GET /api/v1/runs",
            400,
            "{\"status\":400,\"detail\":\"trigger must be one of [...]\"}");

    assertThat(cli.run("runs", "list", "--trigger", "cron")).isEqualTo(1);

    assertThat(cli.err()).isEqualTo("error: trigger must be one of [...]\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void anAnswerThatIsNotAProblemIsShownWithItsStatus() throws Exception {
    assertThat(cli.run("runs", "get", "nope")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: no such thing: /api/v1/runs/nope\n");
    cli.server().answerText("GET /api/v1/runs/x", 502, "<html>bad gateway</html>");
    cli.resetErr();
    assertThat(cli.run("runs", "get", "x")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: HTTP 502: <html>bad gateway</html>\n");
  }

  @Test
  void aServerThatIsNotThereIsNamedWithWhatToDo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    int exit = cli.run("runs", "list", "--server", "http://127.0.0.1:" + port);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err())
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
      cli.resetErr();
      assertThat(cli.run(args.toArray(String[]::new))).as("%s", args).isEqualTo(2);
      assertThat(cli.err()).as("%s", args).contains("sluice: ");
    }
    assertThat(cli.server().requests()).isEmpty();
  }

  @Test
  void aSpecFileThatCannotBeReadIsNamed() throws Exception {
    assertThat(cli.run("pipelines", "apply", "-f", cli.home().resolve("missing.yaml").toString()))
        .isEqualTo(1);
    assertThat(cli.err()).contains("cannot read " + cli.home().resolve("missing.yaml"));
    Path big = cli.home().resolve("big.yaml");
    Files.write(big, new byte[2 * 1024 * 1024]);
    cli.resetErr();
    assertThat(cli.run("pipelines", "apply", "-f", big.toString())).isEqualTo(1);
    assertThat(cli.err()).contains("larger than");
    assertThat(cli.server().requests()).isEmpty();
  }
}

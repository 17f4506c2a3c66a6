package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.api.FakeOrchestrator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollouts} against a fake gateway (the real endpoints are exercised by the gateway's
 * RolloutIT): what each command asks for, how it shows the answer and a refusal.
 */
class RolloutsCommandTest {

  private static final String ROLLOUT =
      """
      {"model":"iris","candidateVersion":3,"stableVersion":2,"strategy":"CANARY",
       "phase":"CANARY","step":1,"steps":[{"candidatePercent":10,"shadowPercent":0},
       {"candidatePercent":50,"shadowPercent":0},{"candidatePercent":100,"shadowPercent":0}],
       "candidatePercent":50,"shadowPercent":0,"paused":false,"failedChecks":1,
       "failedChecksToRollback":2,"windowStart":"2026-12-03T12:00:00Z","windowSeconds":60,
       "startedAt":"2026-12-03T11:58:00Z",
       "lastJudgement":{"outcome":"FAIL","failedCheck":{"name":"maxErrorRate","observed":0.12,
         "limit":0.05,"canary":{"requests":200,"errorRate":0.12,"latencyP50Millis":1.0,
         "latencyP99Millis":3.0}},"canary":{"requests":200,"errorRate":0.12,
         "latencyP50Millis":1.0,"latencyP99Millis":3.0},"stable":{"requests":1800,
         "errorRate":0.001,"latencyP50Millis":1.0,"latencyP99Millis":2.5}}}
      """;

  @TempDir Path home;
  private FakeOrchestrator gateway;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    gateway = new FakeOrchestrator();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void statusListsEveryRolloutAsATable() {
    gateway.answer("GET /api/v1/rollouts", 200, "{\"items\":[" + ROLLOUT + "]}");

    int exit = cli("rollouts", "status");

    assertThat(exit).isZero();
    assertThat(out())
        .contains("MODEL")
        .contains("iris")
        .contains("v3")
        .contains("v2")
        .contains("50%")
        .contains("2/3")
        .contains("1/2");
  }

  @Test
  void statusOfOneModelShowsItsLastJudgementWithBothVersions() {
    gateway.answer("GET /api/v1/rollouts/iris", 200, ROLLOUT);

    int exit = cli("rollouts", "status", "iris");

    assertThat(exit).isZero();
    assertThat(out())
        .contains("last window: FAIL maxErrorRate 0.12 vs limit 0.05")
        .contains("candidate 200 requests")
        .contains("stable 1800 requests");
  }

  @Test
  void statusOfAModelWhoseRolloutEndedShowsTheOutcomeWhenWhyAndTheFailedCheck() {
    gateway.answer(
        "GET /api/v1/rollouts/iris",
        200,
        """
        {"model":"iris","candidateVersion":3,"stableVersion":2,"strategy":"CANARY",
         "outcome":"ROLLED_BACK","reason":"maxErrorRate 0.1200 exceeds its limit 0.05000",
         "failedCheck":{"name":"maxErrorRate","observed":0.12,"limit":0.05,
           "canary":{"requests":200,"errorRate":0.12,"latencyP50Millis":1.0,
           "latencyP99Millis":3.0},"stable":{"requests":1800,"errorRate":0.001,
           "latencyP50Millis":1.0,"latencyP99Millis":2.5}},
         "failedChecks":2,"startedAt":"2026-12-03T11:58:00Z","endedAt":"2026-12-03T12:01:00Z"}
        """);

    int exit = cli("rollouts", "status", "iris");

    assertThat(exit).isZero();
    assertThat(out())
        .contains("the last one ended 2026-12-03T12:01:00Z")
        .contains("iris v3 (stable v2) ROLLED_BACK by the analysis")
        .contains("reason: maxErrorRate 0.1200 exceeds its limit 0.05000")
        .contains("failed check: maxErrorRate 0.12 vs limit 0.05")
        .contains("stable 1800 requests")
        .doesNotContain("STEP");
  }

  @Test
  void statusOfAModelWhoseRolloutWasAbortedNamesWhoAborted() {
    gateway.answer(
        "GET /api/v1/rollouts/iris",
        200,
        """
        {"model":"iris","candidateVersion":3,"stableVersion":2,"strategy":"CANARY",
         "outcome":"ABORTED","reason":"aborted by alice: customers complain","endedBy":"alice",
         "failedChecks":0,"startedAt":"2026-12-03T11:58:00Z","endedAt":"2026-12-03T12:01:00Z"}
        """);

    cli("rollouts", "status", "iris");

    assertThat(out())
        .contains("iris v3 (stable v2) ABORTED by alice")
        .doesNotContain("failed check");
  }

  @Test
  void statusWithJsonOutputPrintsTheApisAnswer() {
    gateway.answer("GET /api/v1/rollouts/iris", 200, ROLLOUT);

    cli("rollouts", "status", "iris", "--output", "json");

    assertThat(out()).contains("\"failedChecksToRollback\":2");
  }

  @Test
  void abortSendsTheReasonAndSaysWhatHappened() {
    gateway.answer(
        "POST /api/v1/rollouts/iris/abort",
        200,
        "{\"model\":\"iris\",\"candidateVersion\":3,\"stableVersion\":2,\"action\":\"rolled_back\"}");

    int exit = cli("rollouts", "abort", "iris", "--reason", "customers complain");

    assertThat(exit).isZero();
    assertThat(gateway.last().body()).isEqualTo("{\"reason\":\"customers complain\"}");
    assertThat(out()).contains("iris v3 rolled back");
  }

  @Test
  void pauseWithoutReasonSendsAnEmptyObject() {
    gateway.answer("POST /api/v1/rollouts/iris/pause", 200, ROLLOUT);

    cli("rollouts", "pause", "iris");

    assertThat(gateway.last().body()).isEqualTo("{}");
    assertThat(out()).contains("paused");
  }

  @Test
  void refusalShowsTheProblemsDetail() {
    gateway.answer(
        "POST /api/v1/rollouts/iris/resume",
        409,
        "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"iris's rollout is not paused\"}");

    int exit = cli("rollouts", "resume", "iris");

    assertThat(exit).isEqualTo(1);
    assertThat(err()).contains("iris's rollout is not paused");
  }

  @Test
  void actionWithoutModelOrWithAnUnknownOptionIsAUsageError() {
    assertThat(cli("rollouts", "abort")).isEqualTo(2);
    assertThat(cli("rollouts", "promote", "iris", "--force")).isEqualTo(2);
    assertThat(cli("rollouts", "status", "a", "b")).isEqualTo(2);
    assertThat(cli("rollouts", "abort", "iris", "--reason", "a", "--reason", "b")).isEqualTo(2);
  }

  private int cli(String... args) {
    Map<String, String> env =
        Map.of(
            "SLUICE_HOME", home.toString(),
            "SLUICE_GATEWAY_URL", gateway.url(),
            "SLUICE_TOKEN", "test-token");
    return new Main(
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(java.util.List.of(args));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rollouts} against a fake gateway (the real endpoints are exercised by the gateway's
 * RolloutIT): what each command asks for, how it shows the answer and a refusal.
 */
class RolloutsCommandTest {

  @RegisterExtension
  final CliAgainstFakeServer cli = new CliAgainstFakeServer("SLUICE_GATEWAY_URL", Map.of());

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

  @Test
  void statusListsEveryRolloutAsATable() {
    cli.server().answer("GET /api/v1/rollouts", 200, "{\"items\":[" + ROLLOUT + "]}");

    int exit = cli.run("rollouts", "status");

    assertThat(exit).isZero();
    assertThat(cli.out())
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
    cli.server().answer("GET /api/v1/rollouts/iris", 200, ROLLOUT);

    int exit = cli.run("rollouts", "status", "iris");

    assertThat(exit).isZero();
    assertThat(cli.out())
        .contains("last window: FAIL maxErrorRate 0.12 vs limit 0.05")
        .contains("candidate 200 requests")
        .contains("stable 1800 requests");
  }

  @Test
  void statusOfAModelWhoseRolloutEndedShowsTheOutcomeWhenWhyAndTheFailedCheck() {
    cli.server()
        .answer(
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

    int exit = cli.run("rollouts", "status", "iris");

    assertThat(exit).isZero();
    assertThat(cli.out())
        .contains("the last one ended 2026-12-03T12:01:00Z")
        .contains("iris v3 (stable v2) ROLLED_BACK by the analysis")
        .contains("reason: maxErrorRate 0.1200 exceeds its limit 0.05000")
        .contains("failed check: maxErrorRate 0.12 vs limit 0.05")
        .contains("stable 1800 requests")
        .doesNotContain("STEP");
  }

  @Test
  void statusOfAModelWhoseRolloutWasAbortedNamesWhoAborted() {
    cli.server()
        .answer(
            "GET /api/v1/rollouts/iris",
            200,
            """
        {"model":"iris","candidateVersion":3,"stableVersion":2,"strategy":"CANARY",
         "outcome":"ABORTED","reason":"aborted by alice: customers complain","endedBy":"alice",
         "failedChecks":0,"startedAt":"2026-12-03T11:58:00Z","endedAt":"2026-12-03T12:01:00Z"}
        """);

    cli.run("rollouts", "status", "iris");

    assertThat(cli.out())
        .contains("iris v3 (stable v2) ABORTED by alice")
        .doesNotContain("failed check");
  }

  @Test
  void statusWithJsonOutputPrintsTheApisAnswer() {
    cli.server().answer("GET /api/v1/rollouts/iris", 200, ROLLOUT);

    cli.run("rollouts", "status", "iris", "--output", "json");

    assertThat(cli.out()).contains("\"failedChecksToRollback\":2");
  }

  @Test
  void abortSendsTheReasonAndSaysWhatHappened() {
    cli.server()
        .answer(
            "POST /api/v1/rollouts/iris/abort",
            200,
            "{\"model\":\"iris\",\"candidateVersion\":3,\"stableVersion\":2,\"action\":\"rolled_back\"}");

    int exit = cli.run("rollouts", "abort", "iris", "--reason", "customers complain");

    assertThat(exit).isZero();
    assertThat(cli.server().last().body()).isEqualTo("{\"reason\":\"customers complain\"}");
    assertThat(cli.out()).contains("iris v3 rolled back");
  }

  @Test
  void pauseWithoutReasonSendsAnEmptyObject() {
    cli.server().answer("POST /api/v1/rollouts/iris/pause", 200, ROLLOUT);

    cli.run("rollouts", "pause", "iris");

    assertThat(cli.server().last().body()).isEqualTo("{}");
    assertThat(cli.out()).contains("paused");
  }

  @Test
  void refusalShowsTheProblemsDetail() {
    cli.server()
        .answer(
            "POST /api/v1/rollouts/iris/resume",
            409,
            "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"iris's rollout is not paused\"}");

    int exit = cli.run("rollouts", "resume", "iris");

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err()).contains("iris's rollout is not paused");
  }

  @Test
  void actionWithoutModelOrWithAnUnknownOptionIsAUsageError() {
    assertThat(cli.run("rollouts", "abort")).isEqualTo(2);
    assertThat(cli.run("rollouts", "promote", "iris", "--force")).isEqualTo(2);
    assertThat(cli.run("rollouts", "status", "a", "b")).isEqualTo(2);
    assertThat(cli.run("rollouts", "abort", "iris", "--reason", "a", "--reason", "b")).isEqualTo(2);
  }
}

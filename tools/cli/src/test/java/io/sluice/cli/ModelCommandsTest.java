package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code models versions} and {@code models compare} against a stand-in registry. */
class ModelCommandsTest {

  @RegisterExtension
  final CliAgainstFakeServer cli =
      new CliAgainstFakeServer(
          "SLUICE_REGISTRY_URL", Map.of("SLUICE_ORCHESTRATOR_URL", "http://127.0.0.1:1"));

  private static final String VERSION =
      """
      {"modelName":"iris","version":2,"verdict":"APPROVED","aliases":["champion"],
       "registeredAt":"2026-12-03T12:00:00Z","runId":"run-2",
       "metrics":{"log_loss":0.08,"accuracy":0.97}}
      """;

  private static final String COMPARISON =
      """
      {"modelName":"iris",
       "a":{"version":1,"verdict":"APPROVED","aliases":["champion"],"runId":"run-1",
            "registeredAt":"2026-12-02T12:00:00Z","datasetVersion":"dv-1"},
       "b":{"version":2,"verdict":"REJECTED","aliases":[],"runId":"run-2",
            "registeredAt":"2026-12-03T12:00:00Z","datasetVersion":"dv-2"},
       "metrics":[{"name":"accuracy","a":0.97,"b":0.95,"difference":-0.02},
                  {"name":"f1_macro","a":null,"b":0.9,"difference":null}],
       "params":[{"name":"epochs","a":"200","b":"300"}],
       "lineage":[{"name":"steps.train.argv","a":["train","200"],"b":["train","300"]},
                  {"name":"steps.export.image","a":null,"b":"export:1"}]}
      """;

  @Test
  void versionsSendsEveryFilterToTheRegistryAndShowsATable() {
    cli.server()
        .answer(
            "GET /api/v1/models/iris/versions", 200, "{\"items\":[" + VERSION + "],\"next\":2}");

    int exit =
        cli.run(
            "models",
            "versions",
            "iris",
            "--metric",
            "accuracy>=0.95",
            "--metric",
            "log_loss<0.1",
            "--alias",
            "champion",
            "--dataset-version",
            "dv-1",
            "--run",
            "run-2",
            "--verdict",
            "approved",
            "--registered-after",
            "2026-12-01T00:00:00Z",
            "--registered-before",
            "2026-12-04T00:00:00Z",
            "--limit",
            "1",
            "--after",
            "1");

    assertThat(exit).isZero();
    assertThat(cli.server().last().query())
        .isEqualTo(
            "metric=accuracy%3E%3D0.95&metric=log_loss%3C0.1&alias=champion&datasetVersion=dv-1"
                + "&runId=run-2&verdict=approved&registeredAfter=2026-12-01T00%3A00%3A00Z"
                + "&registeredBefore=2026-12-04T00%3A00%3A00Z&limit=1&after=1");
    assertThat(cli.server().last().header("authorization")).isEqualTo("Bearer test-token");
    assertThat(cli.out().lines().toList())
        .containsExactly(
            "VERSION  VERDICT   ALIASES   REGISTERED            RUN    METRICS",
            "2        APPROVED  champion  2026-12-03 12:00:00Z  run-2  accuracy=0.97 log_loss=0.08",
            "more: --after 2");
  }

  @Test
  void compareShowsBothSidesMetricsAndWhatDiffers() {
    cli.server().answer("GET /api/v1/models/iris/versions/1/compare/2", 200, COMPARISON);

    assertThat(cli.run("models", "compare", "iris", "1", "2")).isZero();

    assertThat(cli.out())
        .contains("VERSION 1", "VERSION 2", "champion")
        .containsPattern("accuracy +0\\.97 +0\\.95 +-0\\.02")
        .containsPattern("f1_macro +- +0\\.9 +-")
        .containsPattern("epochs +200 +300")
        .containsPattern("steps\\.train\\.argv +train 200 +train 300")
        .containsPattern("steps\\.export\\.image +- +export:1");
  }

  @Test
  void aRefusedFilterIsPrintedAsTheRegistrysDetail() {
    cli.server()
        .answer(
            "GET /api/v1/models/iris/versions",
            400,
            "{\"status\":400,\"detail\":\"verdict 'maybe' is not approved or rejected\"}");

    assertThat(cli.run("models", "versions", "iris", "--verdict", "maybe")).isEqualTo(1);
    assertThat(cli.err()).contains("verdict 'maybe' is not approved or rejected");
  }

  @Test
  void badModelCommandLinesAreUsageErrorsThatCallNothing() {
    for (List<String> args :
        List.of(
            List.of("models"),
            List.of("models", "explode"),
            List.of("models", "versions"),
            List.of("models", "versions", "iris", "--verdict", "a", "--verdict", "b"),
            List.of("models", "versions", "iris", "--metric"),
            List.of("models", "versions", "iris", "--colour", "red"),
            List.of("models", "compare", "iris", "1"),
            List.of("models", "compare", "iris", "1", "2", "3"))) {
      cli.resetErr();
      assertThat(cli.run(args.toArray(String[]::new))).as("%s", args).isEqualTo(2);
      assertThat(cli.err()).as("%s", args).contains("sluice: ");
    }
    assertThat(cli.server().requests()).isEmpty();
  }
}

package io.sluice.registry;

import static io.restassured.RestAssured.given;
import static io.sluice.registry.Candidates.IRIS_GATE;
import static io.sluice.registry.Candidates.candidateEvent;
import static io.sluice.registry.Candidates.passing;
import static io.sluice.registry.Candidates.promotion;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.Lineage;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelRegistered;
import io.sluice.events.StepLineage;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.TestTokens;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/models/{name}/versions/{a}/compare/{b}}. */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class VersionCompareIT {

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
  void showsMetricsWithTheirDifferenceAndWhatDiffersInParamsAndLineage() {
    String model = uniqueModel();
    ModelCandidate first = passing(model, uniqueRun());
    register(first);
    ModelCandidate second = retrained(model, Map.of("accuracy", 0.95, "f1_macro", 0.9));
    register(second);
    bus.send(promotion(model, 1, null, first.artifact()));
    ChampionAlias.awaitChampion(model, 1);

    JsonPath body = compare(model, "1", "2", 200);

    assertThat(body.getInt("a.version")).isEqualTo(1);
    assertThat(body.getInt("b.version")).isEqualTo(2);
    assertThat(body.getString("a.verdict")).isEqualTo("APPROVED");
    assertThat(body.getString("b.verdict")).isEqualTo("REJECTED");
    assertThat(body.getList("b.reasons", String.class)).isNotEmpty();
    assertThat(body.getList("a.aliases")).containsExactly("champion");
    assertThat(body.getList("b.aliases")).isEmpty();
    assertThat(body.getString("a.runId")).isEqualTo(first.runId());
    assertThat(body.getList("metrics.name")).containsExactly("accuracy", "f1_macro", "log_loss");
    assertThat(body.getDouble("metrics[0].a")).isEqualTo(0.97);
    assertThat(body.getDouble("metrics[0].b")).isEqualTo(0.95);
    assertThat(body.getDouble("metrics[0].difference")).isCloseTo(-0.02, within(1e-9));
    assertThat(body.getString("metrics[1].a")).isNull();
    assertThat(body.getString("metrics[1].difference")).isNull();
    assertThat(body.getString("metrics[2].b")).isNull();
    assertThat(body.getList("params.name")).containsExactly("epochs");
    assertThat(body.getString("params[0].a")).isEqualTo("200");
    assertThat(body.getString("params[0].b")).isEqualTo("300");
    assertThat(body.getList("lineage.name", String.class))
        .containsExactlyInAnyOrder(
            "datasetVersion",
            "pipelineVersion",
            "steps.train.image",
            "steps.train.imageDigest",
            "steps.train.argv",
            "steps.export.image",
            "steps.export.argv");
    Map<String, Object> argv = body.getMap("lineage.find { it.name == 'steps.train.argv' }");
    assertThat(argv.get("a")).isEqualTo(List.of("train", "--epochs", "200"));
    assertThat(argv.get("b")).isEqualTo(List.of("train", "--epochs", "300"));
    assertThat(body.getString("lineage.find { it.name == 'steps.export.image' }.a")).isNull();
  }

  @Test
  void aVersionComparedWithItselfDiffersInNothing() {
    String model = uniqueModel();
    register(passing(model, uniqueRun()));

    JsonPath body = compare(model, "1", "1", 200);

    assertThat(body.getList("metrics.difference", Double.class)).containsOnly(0.0);
    assertThat(body.getList("params")).isEmpty();
    assertThat(body.getList("lineage")).isEmpty();
  }

  @Test
  void refusesWhatCannotBeComparedWithAProblem() {
    String model = uniqueModel();
    register(passing(model, uniqueRun()));
    problem(model, "1", "2", 404, model + " has no version 2");
    problem(model, "7", "1", 404, model + " has no version 7");
    problem(model, "x", "1", 400, "version a 'x' is not a version number");
    problem(model, "1", "-1", 400, "version b '-1' is not a version number");
    problem(model, "1", "9".repeat(12), 400, "version b");
    problem("never-registered", "1", "2", 404, "no model named never-registered");
    problem("Bad..Name", "1", "2", 400, "'Bad..Name' is not a model name");
  }

  /** Another run of the model: other params, images and argv, one more step, other metrics. */
  private static ModelCandidate retrained(String model, Map<String, Double> metrics) {
    String run = uniqueRun();
    Lineage base = Candidates.lineage(model, run);
    Lineage lineage =
        new Lineage(
            base.datasetName(),
            base.datasetVersion(),
            base.datasetObjects(),
            base.pipelineName(),
            base.pipelineVersion(),
            run,
            Map.of("epochs", "300"),
            List.of(
                new StepLineage(
                    "train",
                    1,
                    "ghcr.io/acme/iris-train:1.5",
                    "sha256:" + Candidates.sha256(),
                    List.of("train", "--epochs", "300"),
                    Map.of("model", Candidates.sha256())),
                new StepLineage(
                    "export",
                    1,
                    "ghcr.io/acme/iris-export:1.0",
                    null,
                    List.of("export"),
                    Map.of("onnx", Candidates.sha256()))));
    return new ModelCandidate(
        model,
        run,
        Candidates.artifact(run),
        Candidates.signature(),
        metrics,
        IRIS_GATE,
        lineage,
        null);
  }

  private static JsonPath compare(String model, String a, String b, int status) {
    return given()
        .auth()
        .oauth2(TestTokens.admin())
        .get("/api/v1/models/{name}/versions/{a}/compare/{b}", model, a, b)
        .then()
        .statusCode(status)
        .extract()
        .jsonPath();
  }

  private static void problem(String model, String a, String b, int status, String detail) {
    assertThat(compare(model, a, b, status).getString("detail")).startsWith(detail);
  }

  private static void register(ModelCandidate candidate) {
    String model = candidate.modelName();
    bus.send(candidateEvent(candidate));
    await()
        .atMost(WAIT)
        .until(
            () ->
                bus.events(model, ModelRegistered.class).stream()
                    .anyMatch(r -> r.runId().equals(candidate.runId())));
  }
}

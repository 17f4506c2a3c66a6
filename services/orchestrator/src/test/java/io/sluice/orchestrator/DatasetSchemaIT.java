package io.sluice.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import io.sluice.testkit.SluiceInfraResource;
import io.sluice.testkit.events.TestEventBus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dataset's declared schema reaches the step (placeholders and {@code datasetSchema} in the
 * request), a run that needs a label its dataset lacks fails before any request, and a step's own
 * error message shows in the run's REST view.
 */
@QuarkusTest
@QuarkusTestResource(value = SluiceInfraResource.class, restrictToAnnotatedClass = false)
class DatasetSchemaIT {

  private static TestEventBus bus;
  private static RunDriver driver;

  @BeforeAll
  static void startBus() {
    bus = TestEventBus.following(Topics.RUNS);
    driver = new RunDriver(bus);
  }

  @AfterAll
  static void stopBus() throws Exception {
    bus.close();
  }

  /** A one-step pipeline on its own dataset whose step takes the label as a flag. */
  private static String registerLabelled() {
    String name = RunDriver.unique("schema");
    RunDriver.register(
        """
        name: %s
        trigger: {dataset: %s}
        steps:
          - name: train
            image: img:1
            command: [train, --data, "{{inputs.data}}", --label, "{{dataset.label}}",
                      --model, "{{outputs.model}}"]
            env: {FEATURES: "{{dataset.features}}"}
            inputs: {data: dataset}
            outputs: [model]
            retries: 2
        """
            .formatted(name, name));
    return name;
  }

  @Test
  void theRequestCarriesTheLabelAndTheSchema() {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerLabelled());

    StepRequested request = driver.awaitRequest(arrived.correlationId(), "train", 1);

    assertThat(request.argv()).containsSubsequence("--label", "species");
    assertThat(request.env())
        .containsEntry("FEATURES", "sepal_length,sepal_width,petal_length,petal_width");
    assertThat(request.datasetSchema().labelColumn()).isEqualTo("species");
    assertThat(request.datasetSchema().version()).isEqualTo(arrived.data().versionId());
    assertThat(request.datasetSchema().columns()).isEqualTo(arrived.data().columns());
  }

  @Test
  void aStepsUsageErrorIsShownWithItsMessageInTheRunsView() {
    EventEnvelope<DataArrived> arrived = driver.arrive(registerLabelled());
    StepRequested request = driver.awaitRequest(arrived.correlationId(), "train", 1);

    driver.reportFailure(
        arrived,
        request,
        FailureReason.NONZERO_EXIT,
        "exit code 2",
        false,
        2,
        "reading /work/in/data\nsluice-steps train: unknown flag --lable; usage: train --train"
            + " <csv folder> --model <folder>\n");

    JsonPath run = RunDriver.awaitStepState(request.runId(), "train", "FAILED");
    assertThat(run.getString("steps[0].lastError"))
        .startsWith(
            "NONZERO_EXIT: exit code 2: sluice-steps train: unknown flag --lable; usage: train")
        .endsWith("(not retryable)");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "FAILED".equals(RunDriver.run(request.runId()).getString("state")));
    assertThat(RunDriver.run(request.runId()).getString("failure"))
        .contains("unknown flag --lable");
  }

  @Test
  void aStepUsingTheLabelOnADatasetWithoutOneFailsTheRunBeforeAnyRequest() {
    String name = registerLabelled();
    DataArrived labelled = IrisDrops.dataArrived(name);
    DataArrived unlabelled =
        new DataArrived(
            labelled.datasetName(),
            labelled.versionId(),
            labelled.bucket(),
            labelled.prefix(),
            labelled.dropFolder(),
            labelled.completion(),
            labelled.objects(),
            labelled.rowCount(),
            labelled.columns(),
            null);
    EventEnvelope<DataArrived> arrived = EventEnvelope.first("ingest", name, null, unlabelled);
    bus.send(arrived);
    String chain = arrived.correlationId();

    RunFailed failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> bus.chain(chain, RunFailed.class), list -> !list.isEmpty())
            .get(0)
            .data();

    assertThat(failed.failedStep()).isEqualTo("train");
    assertThat(failed.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
    assertThat(failed.message()).contains("uses {{dataset.label}}", "declares no labelColumn");
    assertThat(bus.chain(chain, RunStarted.class)).hasSize(1);
    assertThat(driver.requested(chain)).isEmpty();
    JsonPath run = RunDriver.run(failed.runId());
    assertThat(run.getString("state")).isEqualTo("FAILED");
    assertThat(run.getString("steps[0].state")).isEqualTo("FAILED");
    assertThat(run.getString("steps[0].lastError"))
        .startsWith("INVALID_REQUEST: step 'train' uses {{dataset.label}}");
    assertThat(run.getList("steps.attempt", Integer.class)).isEqualTo(List.of(0));
  }
}

package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.Completion;
import io.sluice.events.DataArrived;
import io.sluice.events.FileDigest;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ObjectRef;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.events.RunTrigger;
import io.sluice.events.StepOutput;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.SpecParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code model.candidate} carries the pipeline's {@code model.serving} section as it was read. */
class CandidateRolloutTest {

  private static final String SHA = "a".repeat(64);

  private static final String PIPELINE =
      """
      name: demo
      trigger: {dataset: wine}
      steps:
        - name: train
          image: img:1
          command: [train, "{{outputs.model}}"]
          outputs: [model]
      model:
        name: wine
        artifact: train.model
        metrics: train
      """;

  @Test
  void aServingSectionGoesIntoTheCandidate() throws Exception {
    PipelineSpec spec =
        new SpecParser()
            .parse(PIPELINE + "  serving: {strategy: canary, steps: [10, 50], stepSeconds: 30}\n");
    RolloutSpec rollout = candidate(spec).rollout();
    assertThat(rollout).isEqualTo(spec.model().serving());
    assertThat(rollout.strategy()).isEqualTo(RolloutStrategy.CANARY);
    assertThat(rollout.steps()).containsExactly(10, 50);
    assertThat(rollout.stepSeconds()).isEqualTo(30);
  }

  @Test
  void withoutAServingSectionTheCandidateLeavesTheRolloutToTheRegistry() throws Exception {
    assertThat(candidate(new SpecParser().parse(PIPELINE)).rollout()).isNull();
  }

  private static ModelCandidate candidate(PipelineSpec spec) {
    UUID runId = UUID.randomUUID();
    StepOutput model =
        StepOutput.of(
            "model",
            "s3://artifacts/runs/" + runId + "/train/1/model/",
            List.of(new FileDigest("model.onnx", 10, SHA)));
    StepRow train =
        new StepRow(
            "train",
            StepState.DONE,
            1,
            "img:1",
            List.of("train"),
            List.of(),
            null,
            null,
            null,
            null,
            null,
            List.of(model),
            Map.of("accuracy", 0.9),
            null,
            null,
            null,
            null,
            null,
            null);
    return Candidates.forRun(spec, run(runId), List.of(train)).orElseThrow();
  }

  private static RunRow run(UUID id) {
    List<ObjectRef> objects = List.of(new ObjectRef("datasets", "wine/d1/data.csv", 4, null, SHA));
    DataArrived dataset =
        new DataArrived(
            "wine",
            DataArrived.versionOf("wine/d1/", objects),
            "datasets",
            "wine/",
            "wine/d1/",
            Completion.SUCCESS_MARKER,
            objects,
            1,
            List.of(new ColumnSpec("a", ColumnType.NUMBER)),
            null);
    return new RunRow(
        id,
        "demo",
        SHA,
        RunState.SUCCEEDED,
        Map.of(),
        dataset,
        null,
        Instant.EPOCH,
        null,
        null,
        null,
        null,
        null,
        RunTrigger.manual("someone"),
        true);
  }
}

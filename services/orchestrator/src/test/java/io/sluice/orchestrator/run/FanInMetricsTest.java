package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.orchestrator.spec.FanOutExpansion;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FanInMetricsTest {

  private final PipelineSpec sweep;

  FanInMetricsTest() throws Exception {
    sweep =
        FanOutExpansion.expand(
            new SpecParser()
                .parse(Files.readString(Path.of("../../examples/iris/pipeline-sweep.yaml"))));
  }

  @Test
  void aStepThatFansInGetsEveryInstancesMetricsByName() {
    List<StepRow> rows =
        List.of(
            done("split", Map.of("rows", 150.0)),
            done("evaluate.0", Map.of("accuracy", 0.97)),
            done("evaluate.2", Map.of("accuracy", 0.9)),
            done("train.1", Map.of()));
    assertThat(FanInMetrics.addTo(sweep.step("select").orElseThrow(), rows).env())
        .containsEntry(
            "SLUICE_FANIN_METRICS",
            "{\"evaluate.0\":{\"accuracy\":0.97},\"evaluate.2\":{\"accuracy\":0.9},\"train.1\":{}}");
  }

  @Test
  void instancesAndStepsThatDoNotFanInGetNoFanInMetrics() {
    List<StepRow> rows = List.of(done("train.1", Map.of("loss", 0.1)));
    assertThat(FanInMetrics.addTo(sweep.step("evaluate.1").orElseThrow(), rows).env())
        .doesNotContainKey("SLUICE_FANIN_METRICS");
    assertThat(FanInMetrics.addTo(sweep.step("split").orElseThrow(), rows).env())
        .doesNotContainKey("SLUICE_FANIN_METRICS");
  }

  private static StepRow done(String name, Map<String, Double> metrics) {
    return new StepRow(
        name,
        StepState.DONE,
        1,
        "img",
        List.of(),
        List.of(),
        null,
        null,
        null,
        null,
        null,
        List.of(),
        metrics,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}

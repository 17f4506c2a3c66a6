package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a run sees a spec with fan-outs: instances, per-instance chains, fan-in, parallelism. */
class FanOutExpansionTest {

  private final SpecParser parser = new SpecParser();

  @Test
  void aSpecWithoutFanOutIsItself() throws Exception {
    PipelineSpec iris = parser.parse(SpecParserTest.iris());
    assertThat(FanOutExpansion.expand(iris)).isSameAs(iris);
  }

  @Test
  void aFannedOutStepBecomesOneInstancePerItemWithItsItemSubstituted() throws Exception {
    PipelineSpec spec = FanOutExpansion.expand(parser.parse(FanOutSpecTest.SWEEP));
    assertThat(spec.stepNames()).containsExactly("split", "train.0", "train.1", "select");
    StepSpec second = spec.step("train.1").orElseThrow();
    assertThat(second.command())
        .containsExactly(
            "train",
            "--algorithm",
            "fm",
            "--epochs",
            "50",
            "--n",
            "1",
            "{{inputs.train}}",
            "{{outputs.model}}");
    assertThat(second.inputs().get("train").text()).isEqualTo("split.train");
    assertThat(second.fanOut().index()).isEqualTo(1);
    assertThat(second.fanOut().item()).containsEntry("algorithm", "fm");
  }

  @Test
  void aStepThatFansInReadsEveryInstanceAndRepeatsTheArgvItemThatNamesThem() throws Exception {
    StepSpec select =
        FanOutExpansion.expand(parser.parse(FanOutSpecTest.SWEEP)).step("select").orElseThrow();
    assertThat(select.inputs().keySet()).containsExactly("model.0", "model.1");
    assertThat(select.inputs().get("model.1").step()).isEqualTo("train.1");
    assertThat(select.upstreamSteps()).containsExactly("train.0", "train.1");
    assertThat(select.command())
        .containsExactly(
            "select",
            "--candidate=logistic={{inputs.model.0}}",
            "--candidate=fm={{inputs.model.1}}",
            "{{outputs.best}}");
    assertThat(select.fanOut()).isNull();
  }

  @Test
  void aStepOverAnotherReadsTheSameNumberedInstance() throws Exception {
    PipelineSpec spec = FanOutExpansion.expand(parser.parse(FanOutSpecTest.sweep()));
    assertThat(spec.stepNames())
        .containsExactly(
            "split",
            "train.0",
            "train.1",
            "train.2",
            "evaluate.0",
            "evaluate.1",
            "evaluate.2",
            "select");
    StepSpec evaluate = spec.step("evaluate.2").orElseThrow();
    assertThat(evaluate.inputs().get("model").text()).isEqualTo("train.2.model");
    assertThat(evaluate.inputs().get("test").text()).isEqualTo("split.test");
    assertThat(evaluate.fanOut().item()).containsEntry("algorithm", "fm");
    StepSpec select = spec.step("select").orElseThrow();
    assertThat(select.command())
        .contains(
            "--candidate=logistic-100={{inputs.model.0}}:{{inputs.report.0}}",
            "--candidate=logistic-20={{inputs.model.1}}:{{inputs.report.1}}",
            "--candidate=fm-50={{inputs.model.2}}:{{inputs.report.2}}");
    assertThat(select.upstreamSteps())
        .containsExactlyInAnyOrder(
            "train.0", "train.1", "train.2", "evaluate.0", "evaluate.1", "evaluate.2");
  }

  @Test
  void noMoreInstancesAreReadyThanTheParallelismAllows() throws Exception {
    Dag dag = Dag.of(FanOutExpansion.expand(parser.parse(FanOutSpecTest.sweep())));
    assertThat(dag.ready(Set.of("split"), Set.of("split"))).containsExactly("train.0", "train.1");
    Set<String> twoRunning = Set.of("split", "train.0", "train.1");
    assertThat(dag.ready(Set.of("split"), twoRunning)).isEmpty();
    Set<String> oneDone = Set.of("split", "train.0");
    assertThat(dag.ready(oneDone, twoRunning)).containsExactly("train.2", "evaluate.0");
  }

  @Test
  void aFanOutWithoutParallelismIsReadyAllAtOnce() throws Exception {
    Dag dag =
        Dag.of(
            FanOutExpansion.expand(
                parser.parse(FanOutSpecTest.SWEEP.replace("      parallelism: 1\n", ""))));
    assertThat(dag.ready(Set.of("split"), Set.of("split"))).containsExactly("train.0", "train.1");
  }

  @Test
  void theFanInWaitsForEveryInstance() throws Exception {
    Dag dag = Dag.of(FanOutExpansion.expand(parser.parse(FanOutSpecTest.SWEEP)));
    Set<String> oneDone = Set.of("split", "train.0");
    assertThat(dag.ready(oneDone, Set.of("split", "train.0", "train.1"))).isEmpty();
    Set<String> allDone = Set.of("split", "train.0", "train.1");
    assertThat(dag.ready(allDone, allDone)).containsExactly("select");
    assertThat(dag.topologicalOrder()).containsExactly("split", "train.0", "train.1", "select");
  }
}

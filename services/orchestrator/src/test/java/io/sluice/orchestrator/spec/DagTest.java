package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DagTest {

  private final Dag iris;

  DagTest() throws Exception {
    iris = Dag.of(new SpecParser().parse(SpecParserTest.iris()));
  }

  @Test
  void onlyTheDatasetReaderIsReadyAtFirst() {
    assertThat(iris.ready(Set.of(), Set.of())).containsExactly("split");
  }

  @Test
  void twoStepsReadingOnlySplitFanOutTogether() {
    assertThat(iris.ready(Set.of("split"), Set.of("split")))
        .containsExactly("train-logistic", "train-fm");
  }

  @Test
  void selectWaitsForBothEvaluations() {
    Set<String> oneSide = Set.of("split", "train-logistic", "train-fm", "evaluate-logistic");
    assertThat(
            iris.ready(
                oneSide,
                Set.of("split", "train-logistic", "train-fm", "evaluate-logistic", "evaluate-fm")))
        .isEmpty();
    Set<String> both =
        Set.of("split", "train-logistic", "train-fm", "evaluate-logistic", "evaluate-fm");
    assertThat(iris.ready(both, both)).containsExactly("select");
  }

  @Test
  void topologicalOrderPutsProducersFirst() {
    assertThat(iris.topologicalOrder())
        .containsExactly(
            "split", "train-logistic", "train-fm", "evaluate-logistic", "evaluate-fm", "select");
  }
}

package io.sluice.steps.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {

  // truth a,a,b,b,c predicted a,b,b,b,a: a P=1/2 R=1/2, b P=2/3 R=1, c P=0 R=0.
  private final ClassificationReport report =
      ClassificationReport.of(List.of("a", "a", "b", "b", "c"), List.of("a", "b", "b", "b", "a"));

  @Test
  void accuracyIsTheShareOfRightPredictions() {
    assertThat(report.accuracy()).isEqualTo(0.6);
    assertThat(report.total()).isEqualTo(5);
  }

  @Test
  void macroF1AveragesPerClassF1Unweighted() {
    double expected = (0.5 + 0.8 + 0.0) / 3;

    assertThat(report.macroF1()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void metricsHoldAccuracyMacroF1RecallPerClassAndCount() {
    assertThat(report.metrics().asMap())
        .containsOnlyKeys("accuracy", "macro_f1", "recall_a", "recall_b", "recall_c", "n_test")
        .containsEntry("recall_a", 0.5)
        .containsEntry("recall_b", 1.0)
        .containsEntry("recall_c", 0.0)
        .containsEntry("n_test", 5L);
  }

  @Test
  void aClassOnlyEverPredictedHasNoRecallButLowersMacroF1() {
    ClassificationReport withStray = ClassificationReport.of(List.of("a", "a"), List.of("a", "z"));

    assertThat(withStray.metrics().asMap()).containsKey("recall_a").doesNotContainKey("recall_z");
    assertThat(withStray.macroF1()).isCloseTo((2.0 / 3 + 0) / 2, within(1e-12));
  }

  @Test
  void confusionTableHasOneRowPerTrueClass() {
    assertThat(report.confusionTable().header()).containsExactly("true\\predicted", "a", "b", "c");
    assertThat(report.confusionTable().rows().get(2).fields()).containsExactly("c", "1", "0", "0");
  }
}

package io.sluice.ingest.drop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.events.Completion;
import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.dataset.DatasetDefinition.CompletionRule;
import io.sluice.ingest.dataset.DatasetDefinition.Limits;
import io.sluice.ingest.drop.CompletionRules.Action;
import org.junit.jupiter.api.Test;

class CompletionRulesTest {

  private static final DatasetDefinition MARKER =
      new DatasetDefinition(
          "iris", "datasets", "iris/", CompletionRule.DEFAULT, null, Limits.DEFAULT);
  private static final DatasetDefinition QUIET =
      new DatasetDefinition(
          "iris",
          "datasets",
          "iris/",
          new CompletionRule(Completion.QUIET_PERIOD, 30),
          null,
          Limits.DEFAULT);

  private static DropFolders.DropKey key(String path) {
    return DropFolders.locate("iris/", "iris/2026/" + path).orElseThrow();
  }

  @Test
  void successMarkerCompletesTheDropAtOnceUnderEitherRule() {
    assertThat(CompletionRules.onObject(MARKER, key("_SUCCESS"))).isEqualTo(Action.COMPLETE_NOW);
    assertThat(CompletionRules.onObject(QUIET, key("_SUCCESS"))).isEqualTo(Action.COMPLETE_NOW);
  }

  @Test
  void dataRestartsTheQuietPeriodOnlyForQuietPeriodDatasets() {
    assertThat(CompletionRules.onObject(QUIET, key("iris.csv")))
        .isEqualTo(Action.RESTART_QUIET_PERIOD);
    assertThat(CompletionRules.onObject(MARKER, key("iris.csv"))).isEqualTo(Action.WAIT);
  }

  @Test
  void hiddenFilesAndNestedMarkersOnlyWait() {
    assertThat(CompletionRules.onObject(QUIET, key(".part.crc"))).isEqualTo(Action.WAIT);
    assertThat(CompletionRules.onObject(QUIET, key("sub/_SUCCESS"))).isEqualTo(Action.WAIT);
  }
}

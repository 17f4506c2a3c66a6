package io.sluice.steps.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.steps.Iris;
import io.sluice.steps.data.CsvFormat;
import io.sluice.steps.data.CsvRow;
import io.sluice.steps.data.CsvTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

  private static final CsvTable IRIS = CsvFormat.read(Iris.CSV);
  private static final int SPECIES = IRIS.columnIndex("species");

  @Test
  void sameSeedGivesTheSameSplit() {
    StratifiedSplit first = StratifiedSplit.of(IRIS, SPECIES, 0.3, 42);
    StratifiedSplit second = StratifiedSplit.of(IRIS, SPECIES, 0.3, 42);

    assertThat(lines(second.test())).isEqualTo(lines(first.test()));
    assertThat(lines(second.train())).isEqualTo(lines(first.train()));
  }

  @Test
  void anotherSeedGivesAnotherSplit() {
    StratifiedSplit first = StratifiedSplit.of(IRIS, SPECIES, 0.3, 42);
    StratifiedSplit other = StratifiedSplit.of(IRIS, SPECIES, 0.3, 43);

    assertThat(lines(other.test())).isNotEqualTo(lines(first.test()));
  }

  @Test
  void sidesAreDisjointAndTogetherHoldEveryRowInInputOrder() {
    StratifiedSplit split = StratifiedSplit.of(IRIS, SPECIES, 0.3, 42);

    assertThat(lines(split.train())).doesNotContainAnyElementsOf(lines(split.test()));
    List<Integer> all = new ArrayList<>(lines(split.train()));
    all.addAll(lines(split.test()));
    assertThat(all).containsExactlyInAnyOrderElementsOf(lines(IRIS));
    assertThat(lines(split.train())).isSortedAccordingTo(Comparator.naturalOrder());
    assertThat(lines(split.test())).isSortedAccordingTo(Comparator.naturalOrder());
  }

  @Test
  void everyClassSendsItsShareToTheTestSide() {
    StratifiedSplit split = StratifiedSplit.of(IRIS, SPECIES, 0.3, 42);

    assertThat(countByClass(split.test()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("setosa", 15L, "versicolor", 15L, "virginica", 15L));
    assertThat(split.train().header()).isEqualTo(IRIS.header());
    assertThat(split.test().header()).isEqualTo(IRIS.header());
  }

  @Test
  void aClassWithTwoRowsStillLandsOnBothSides() {
    CsvTable tiny =
        IRIS.withRows(List.of(IRIS.rows().get(0), IRIS.rows().get(1), IRIS.rows().get(60)));

    StratifiedSplit split = StratifiedSplit.of(tiny, SPECIES, 0.1, 1);

    assertThat(countByClass(split.test())).containsOnlyKeys("setosa");
    assertThat(countByClass(split.train())).containsOnlyKeys("setosa", "versicolor");
  }

  @Test
  void rejectsDataTooSmallToSplit() {
    CsvTable single = IRIS.withRows(List.of(IRIS.rows().get(0)));

    assertThatThrownBy(() -> StratifiedSplit.of(single, SPECIES, 0.3, 42))
        .hasMessageContaining("test split would be empty");
  }

  private static List<Integer> lines(CsvTable table) {
    return table.rows().stream().map(CsvRow::line).toList();
  }

  private static Map<String, Long> countByClass(CsvTable table) {
    return table.rows().stream()
        .map(row -> row.fields().get(SPECIES))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }
}

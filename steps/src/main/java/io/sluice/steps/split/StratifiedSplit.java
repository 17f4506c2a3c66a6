package io.sluice.steps.split;

import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.data.CsvRow;
import io.sluice.steps.data.CsvTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded train/test split that keeps each class's share: every class sends about {@code
 * testFraction} of its rows to the test side. The same table, fraction and seed always give the
 * same split, and both sides keep the input's row order.
 *
 * @param train the rows to train on
 * @param test the held-out rows
 */
public record StratifiedSplit(CsvTable train, CsvTable test) {

  /**
   * Splits the table by the label column.
   *
   * @throws StepFailure when no class has enough rows to give the test side one
   */
  public static StratifiedSplit of(
      CsvTable table, int labelColumn, double testFraction, long seed) {
    Random random = new Random(seed);
    boolean[] isTest = new boolean[table.rows().size()];
    // Sorted by label so the random draws do not depend on which class appears first.
    for (List<Integer> rows : rowsByLabel(table, labelColumn).values()) {
      Collections.shuffle(rows, random);
      rows.subList(0, testCount(rows.size(), testFraction)).forEach(r -> isTest[r] = true);
    }
    List<CsvRow> train = new ArrayList<>();
    List<CsvRow> test = new ArrayList<>();
    for (int r = 0; r < isTest.length; r++) {
      (isTest[r] ? test : train).add(table.rows().get(r));
    }
    if (test.isEmpty()) {
      throw new StepFailure(
          "the test split would be empty: " + table.rows().size() + " rows are too few to split");
    }
    return new StratifiedSplit(table.withRows(train), table.withRows(test));
  }

  private static Map<String, List<Integer>> rowsByLabel(CsvTable table, int labelColumn) {
    Map<String, List<Integer>> byLabel = new TreeMap<>();
    for (int r = 0; r < table.rows().size(); r++) {
      String label = table.rows().get(r).fields().get(labelColumn).trim();
      byLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(r);
    }
    return byLabel;
  }

  /** Rounds to the nearest row, but leaves a class with two or more rows on both sides. */
  private static int testCount(int classSize, double testFraction) {
    if (classSize < 2) {
      return 0;
    }
    long rounded = Math.round(classSize * testFraction);
    return (int) Math.max(1, Math.min(classSize - 1, rounded));
  }
}

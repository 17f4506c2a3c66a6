package io.sluice.steps.evaluate;

import io.sluice.steps.Metrics;
import io.sluice.steps.data.CsvRow;
import io.sluice.steps.data.CsvTable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Scores of predicted against true classes: accuracy, macro-averaged F1 and the recall of each
 * class, as the registry's gate reads them.
 *
 * @param classes the classes seen in the truth or the predictions, sorted
 * @param confusion {@code confusion[t][p]}: rows of true class t predicted as class p
 */
public record ClassificationReport(List<String> classes, long[][] confusion) {

  /** Copies the class list; the matrix is owned by this record. */
  public ClassificationReport {
    classes = List.copyOf(classes);
  }

  /** Counts the confusion matrix of two equally long lists of class names. */
  public static ClassificationReport of(List<String> truth, List<String> predicted) {
    if (truth.size() != predicted.size() || truth.isEmpty()) {
      throw new IllegalArgumentException(
          "need as many predictions as true labels, and at least one: "
              + truth.size()
              + " vs "
              + predicted.size());
    }
    TreeSet<String> classSet = new TreeSet<>(truth);
    classSet.addAll(predicted);
    List<String> classes = new ArrayList<>(classSet);
    long[][] confusion = new long[classes.size()][classes.size()];
    for (int r = 0; r < truth.size(); r++) {
      confusion[classes.indexOf(truth.get(r))][classes.indexOf(predicted.get(r))]++;
    }
    return new ClassificationReport(classes, confusion);
  }

  /** The number of rows scored. */
  public long total() {
    long total = 0;
    for (long[] row : confusion) {
      for (long count : row) {
        total += count;
      }
    }
    return total;
  }

  /** The share of rows predicted right. */
  public double accuracy() {
    long correct = 0;
    for (int c = 0; c < classes.size(); c++) {
      correct += confusion[c][c];
    }
    return (double) correct / total();
  }

  /** Of the rows truly of class c, the share predicted as c; 0 when there are none. */
  public double recall(int c) {
    return ratio(confusion[c][c], rowSum(c));
  }

  /** Of the rows predicted as class c, the share truly of c; 0 when there are none. */
  public double precision(int c) {
    return ratio(confusion[c][c], columnSum(c));
  }

  /** The unweighted mean over classes of F1, the harmonic mean of precision and recall. */
  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < classes.size(); c++) {
      double p = precision(c);
      double r = recall(c);
      sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
    return sum / classes.size();
  }

  /** {@code accuracy}, {@code macro_f1}, {@code recall_<class>} per true class, {@code n_test}. */
  public Metrics metrics() {
    Metrics metrics = new Metrics().put("accuracy", accuracy()).put("macro_f1", macroF1());
    for (int c = 0; c < classes.size(); c++) {
      if (rowSum(c) > 0) {
        metrics.put("recall_" + Metrics.safeName(classes.get(c)), recall(c));
      }
    }
    return metrics.put("n_test", total());
  }

  /** The confusion matrix as a table: one row per true class, one column per predicted class. */
  public CsvTable confusionTable() {
    List<String> header = new ArrayList<>();
    header.add("true\\predicted");
    header.addAll(classes);
    List<CsvRow> rows = new ArrayList<>();
    for (int t = 0; t < classes.size(); t++) {
      List<String> fields = new ArrayList<>();
      fields.add(classes.get(t));
      for (long count : confusion[t]) {
        fields.add(Long.toString(count));
      }
      rows.add(new CsvRow("confusion", t + 2, fields));
    }
    return new CsvTable(header, rows);
  }

  private long rowSum(int c) {
    long sum = 0;
    for (long count : confusion[c]) {
      sum += count;
    }
    return sum;
  }

  private long columnSum(int c) {
    long sum = 0;
    for (long[] row : confusion) {
      sum += row[c];
    }
    return sum;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}

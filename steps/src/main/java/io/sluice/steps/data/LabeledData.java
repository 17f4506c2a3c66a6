package io.sluice.steps.data;

import io.sluice.steps.cli.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rows of numeric features with a class label each: what training and evaluation work on.
 *
 * @param featureNames the feature columns, in the order of {@code features}' columns
 * @param features one row of feature values per example
 * @param labels the class label of each row
 */
public record LabeledData(List<String> featureNames, double[][] features, List<String> labels) {

  /** Copies the name and label lists; the feature matrix is owned by this record. */
  public LabeledData {
    featureNames = List.copyOf(featureNames);
    labels = List.copyOf(labels);
  }

  /**
   * Every column except the label is a feature, in the CSV's column order.
   *
   * @throws StepFailure when the label column is missing, there are no feature columns or rows, or
   *     a feature value is not a number
   */
  public static LabeledData from(CsvTable table, String labelColumn) {
    List<String> featureNames = new ArrayList<>(table.header());
    featureNames.remove(labelColumn);
    return from(table, labelColumn, featureNames);
  }

  /**
   * With a dataset schema, its columns other than the label are the features, in schema order, and
   * must be declared numeric; without one, as {@link #from(CsvTable, String)}.
   *
   * @throws StepFailure as {@link #from(CsvTable, String, List)}, or when the schema declares a
   *     feature that is not numeric
   */
  public static LabeledData from(
      CsvTable table, String labelColumn, Optional<DatasetSchemaFile> schema) {
    if (schema.isEmpty()) {
      return from(table, labelColumn);
    }
    requireLabelColumn(table, labelColumn);
    return from(table, labelColumn, schema.get().numericFeatures(labelColumn));
  }

  /**
   * The given columns are the features, in the given order (a model's public order).
   *
   * @throws StepFailure as {@link #from(CsvTable, String)}, or when a named feature column is
   *     missing
   */
  public static LabeledData from(CsvTable table, String labelColumn, List<String> featureNames) {
    int labelIndex = requireLabelColumn(table, labelColumn);
    int[] featureIndex = requireFeatureColumns(table, featureNames);
    if (table.rows().isEmpty()) {
      throw StepFailure.dataError("the data has a header but no rows");
    }
    double[][] features = new double[table.rows().size()][];
    List<String> labels = new ArrayList<>(table.rows().size());
    for (int r = 0; r < features.length; r++) {
      CsvRow row = table.rows().get(r);
      features[r] = numbers(row, table.header(), featureIndex, labelColumn);
      labels.add(label(row, labelIndex, labelColumn));
    }
    return new LabeledData(featureNames, features, labels);
  }

  /** The number of rows. */
  public int size() {
    return labels.size();
  }

  private static int requireLabelColumn(CsvTable table, String labelColumn) {
    int index = table.columnIndex(labelColumn);
    if (index < 0) {
      throw StepFailure.dataError(
          "label column '"
              + labelColumn
              + "' is not in the header "
              + table.header()
              + "; pass --label <column> or declare labelColumn in the dataset's schema");
    }
    return index;
  }

  private static int[] requireFeatureColumns(CsvTable table, List<String> featureNames) {
    if (featureNames.isEmpty()) {
      throw StepFailure.dataError("the data has no feature columns besides the label");
    }
    List<String> missing =
        featureNames.stream().filter(name -> table.columnIndex(name) < 0).toList();
    if (!missing.isEmpty()) {
      throw StepFailure.dataError(
          "feature column(s) " + missing + " are not in the header " + table.header());
    }
    return featureNames.stream().mapToInt(table::columnIndex).toArray();
  }

  private static double[] numbers(
      CsvRow row, List<String> header, int[] featureIndex, String labelColumn) {
    double[] values = new double[featureIndex.length];
    for (int f = 0; f < featureIndex.length; f++) {
      String text = row.fields().get(featureIndex[f]).trim();
      try {
        values[f] = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        values[f] = Double.NaN;
      }
      if (!Double.isFinite(values[f])) {
        throw StepFailure.dataError(
            String.format(
                "%s: column '%s' holds '%s', which is not a number; every column except the"
                    + " label '%s' must be numeric",
                row.where(), header.get(featureIndex[f]), text, labelColumn));
      }
    }
    return values;
  }

  private static String label(CsvRow row, int labelIndex, String labelColumn) {
    String label = row.fields().get(labelIndex).trim();
    if (label.isEmpty()) {
      throw StepFailure.dataError(
          row.where() + ": the label column '" + labelColumn + "' is empty");
    }
    return label;
  }
}

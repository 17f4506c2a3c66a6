package io.sluice.events;

import java.util.List;

/**
 * The declared schema of the dataset version a run works on, as a step reads it: the reference
 * steps take the label and feature columns from it, so a pipeline copied for another tabular
 * dataset needs no step flags.
 *
 * @param name the dataset
 * @param version the dataset version id
 * @param labelColumn the column a supervised pipeline predicts, or null when none is declared
 * @param columns every column in file order, with its type
 */
public record DatasetSchema(
    String name, String version, @Nullable String labelColumn, List<ColumnSpec> columns) {

  public DatasetSchema {
    Checks.notBlank(name, "name");
    Checks.notBlank(version, "version");
    columns = Checks.nonEmptyList(columns, "columns");
    if (labelColumn != null && columns.stream().noneMatch(c -> c.name().equals(labelColumn))) {
      throw new IllegalArgumentException(
          "labelColumn '" + labelColumn + "' is not one of the columns");
    }
  }

  /** The schema {@code data.arrived} declared for its version. */
  public static DatasetSchema of(DataArrived arrived) {
    return new DatasetSchema(
        arrived.datasetName(), arrived.versionId(), arrived.labelColumn(), arrived.columns());
  }

  /** The columns other than the label, in file order. */
  public List<String> featureColumns() {
    return columns.stream()
        .map(ColumnSpec::name)
        .filter(column -> !column.equals(labelColumn))
        .toList();
  }
}

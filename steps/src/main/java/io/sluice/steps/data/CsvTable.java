package io.sluice.steps.data;

import java.util.List;

/**
 * A header and the data rows under it, all with the header's column order.
 *
 * @param header the column names, in file order
 * @param rows the data rows
 */
public record CsvTable(List<String> header, List<CsvRow> rows) {

  /** Copies both lists so a table cannot change after it was read. */
  public CsvTable {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  /** The column's position in the header, or -1 when the header has no such column. */
  public int columnIndex(String name) {
    return header.indexOf(name);
  }

  /** A table with the same header and the given rows. */
  public CsvTable withRows(List<CsvRow> subset) {
    return new CsvTable(header, subset);
  }
}

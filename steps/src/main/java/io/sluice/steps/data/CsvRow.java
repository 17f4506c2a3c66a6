package io.sluice.steps.data;

import java.util.List;

/**
 * One data row of a CSV file, with where it came from so that an error can point at it.
 *
 * @param source the file name the row was read from
 * @param line the 1-based line number in that file
 * @param fields the row's fields, in the header's column order
 */
public record CsvRow(String source, int line, List<String> fields) {

  /** Copies the fields so a row cannot change after it was read. */
  public CsvRow {
    fields = List.copyOf(fields);
  }

  /** {@code file:line}, for error messages. */
  public String where() {
    return source + ":" + line;
  }
}

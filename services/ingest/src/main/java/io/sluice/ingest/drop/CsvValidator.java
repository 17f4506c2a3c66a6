package io.sluice.ingest.drop;

import io.sluice.events.ColumnSpec;
import io.sluice.events.ColumnType;
import io.sluice.events.RejectionReason;
import io.sluice.ingest.dataset.DatasetDefinition.Schema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates the CSV files of one drop, streaming: each file has a header, the dataset's schema
 * columns, the header's field count on every row and parseable typed values; all files share one
 * header; the drop has at least one and at most {@code maxRows} rows. Blank lines are skipped.
 * Collects the row count and the columns (declared types, or types inferred from the values).
 */
public final class CsvValidator {

  private final Schema schema;
  private final Map<String, ColumnType> declared;
  private final long maxRows;
  private List<String> header;
  private List<ColumnStats> stats;
  private long rows;

  public CsvValidator(Schema schema, long maxRows) {
    this.schema = schema;
    this.declared = declaredTypes(schema);
    this.maxRows = maxRows;
  }

  /** Reads one file (already decoding strictly as UTF-8); {@code path} is used in messages. */
  public void validate(String path, Reader in) throws IOException, DropRejectedException {
    CsvRecordReader reader = new CsvRecordReader(in, path);
    List<String> fileHeader = nextNonBlank(reader);
    if (fileHeader == null) {
      throw new DropRejectedException(
          RejectionReason.MISSING_HEADER, path + " is empty: it needs a header line");
    }
    acceptHeader(path, fileHeader);
    for (List<String> row = nextNonBlank(reader); row != null; row = nextNonBlank(reader)) {
      acceptRow(path, reader.recordLine(), row);
    }
  }

  /** Data rows across all files so far. */
  public long rowCount() {
    return rows;
  }

  /** The columns in file order: declared types where the schema gives them, else inferred. */
  public List<ColumnSpec> columns() {
    List<ColumnSpec> columns = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      columns.add(new ColumnSpec(name, declared.getOrDefault(name, stats.get(i).type())));
    }
    return columns;
  }

  private void acceptHeader(String path, List<String> fileHeader) throws DropRejectedException {
    List<String> names = fileHeader.stream().map(String::strip).toList();
    if (header != null) {
      if (!header.equals(names)) {
        throw new DropRejectedException(
            RejectionReason.INCONSISTENT_ROWS,
            path + " has header " + names + " but the other files have " + header);
      }
      return;
    }
    checkHeaderShape(path, names);
    checkSchemaColumns(path, names);
    header = names;
    stats = names.stream().map(n -> new ColumnStats()).toList();
  }

  private void checkHeaderShape(String path, List<String> names) throws DropRejectedException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.chars().anyMatch(Character::isISOControl)) {
        // Not echoed: a column name travels in data.arrived and Postgres refuses NUL in text.
        throw new DropRejectedException(
            RejectionReason.MISSING_HEADER,
            path + " line 1: column " + (i + 1) + " holds a control character");
      }
      if (name.isEmpty() || ColumnValues.fits(ColumnType.NUMBER, name)) {
        throw new DropRejectedException(
            RejectionReason.MISSING_HEADER,
            path + " line 1: column " + (i + 1) + " is '" + name + "', not a header name");
      }
      if (!seen.add(name)) {
        throw new DropRejectedException(
            RejectionReason.MISSING_HEADER, path + " line 1: column '" + name + "' appears twice");
      }
    }
  }

  private void checkSchemaColumns(String path, List<String> names) throws DropRejectedException {
    if (schema == null) {
      return;
    }
    List<String> missing =
        schema.columns().stream().map(ColumnSpec::name).filter(n -> !names.contains(n)).toList();
    if (!missing.isEmpty()) {
      throw new DropRejectedException(
          RejectionReason.MISSING_COLUMNS,
          path
              + " line 1: the header lacks the dataset's columns "
              + missing
              + "; it has "
              + names);
    }
  }

  private void acceptRow(String path, int line, List<String> row) throws DropRejectedException {
    if (row.size() != header.size()) {
      throw new DropRejectedException(
          RejectionReason.INCONSISTENT_ROWS,
          path + " line " + line + ": expected " + header.size() + " columns, found " + row.size());
    }
    for (int i = 0; i < row.size(); i++) {
      String value = row.get(i);
      ColumnType type = declared.get(header.get(i));
      if (type != null && !ColumnValues.fits(type, value)) {
        throw new DropRejectedException(
            RejectionReason.INCONSISTENT_ROWS,
            path
                + " line "
                + line
                + ": column '"
                + header.get(i)
                + "' is '"
                + shorten(value)
                + "', not "
                + (type == ColumnType.INTEGER ? "an " : "a ")
                + type);
      }
      stats.get(i).accept(value);
    }
    if (++rows > maxRows) {
      throw new DropRejectedException(
          RejectionReason.TOO_LARGE,
          "the drop has more than " + maxRows + " rows (limits.maxRows)");
    }
  }

  private static Map<String, ColumnType> declaredTypes(Schema schema) {
    if (schema == null) {
      return Map.of();
    }
    return schema.columns().stream()
        .collect(Collectors.toMap(ColumnSpec::name, ColumnSpec::type, (a, b) -> a));
  }

  private static List<String> nextNonBlank(CsvRecordReader reader)
      throws IOException, DropRejectedException {
    List<String> record = reader.next();
    while (record != null && record.size() == 1 && record.get(0).isBlank()) {
      record = reader.next();
    }
    return record;
  }

  private static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}

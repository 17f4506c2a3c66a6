package io.sluice.steps.data;

import io.sluice.steps.cli.StepFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the plain CSV the steps exchange: a header line, comma-separated fields,
 * double-quoted fields where a value holds a comma or quote. Blank lines are skipped; a quoted
 * field cannot span lines (tabular numeric data never needs it).
 */
public final class CsvFormat {

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private CsvFormat() {}

  /**
   * Reads a CSV file.
   *
   * @throws StepFailure when the file has no header or a row's field count differs from it
   */
  public static CsvTable read(Path file) {
    String name = file.getFileName().toString();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<String> header = null;
      List<CsvRow> rows = new ArrayList<>();
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        List<String> fields = parseLine(line, name + ":" + lineNumber);
        if (header == null) {
          header = fields.stream().map(String::trim).toList();
        } else if (fields.size() != header.size()) {
          throw new StepFailure(
              String.format(
                  "%s:%d has %d fields but the header has %d columns",
                  name, lineNumber, fields.size(), header.size()));
        } else {
          rows.add(new CsvRow(name, lineNumber, fields));
        }
      }
      if (header == null) {
        throw new StepFailure(name + " is empty: expected a header line and data rows");
      }
      return new CsvTable(header, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes the table with its header, in its column order. */
  public static void write(CsvTable table, Path file) {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writer.write(formatLine(table.header()));
      for (CsvRow row : table.rows()) {
        writer.write(formatLine(row.fields()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  static List<String> parseLine(String line, String where) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new StepFailure(where + " has an unterminated quoted field");
    }
    fields.add(field.toString());
    return fields;
  }

  static String formatLine(List<String> fields) {
    List<String> escaped = new ArrayList<>(fields.size());
    for (String field : fields) {
      boolean needsQuotes = field.contains(",") || field.contains("\"");
      escaped.add(needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field);
    }
    return String.join(",", escaped) + "\n";
  }
}

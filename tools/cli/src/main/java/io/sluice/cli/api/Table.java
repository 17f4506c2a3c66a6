package io.sluice.cli.api;

import java.util.ArrayList;
import java.util.List;

/** A plain text table: a header row and rows, each column as wide as its widest cell. */
public final class Table {

  /** A cell longer than this is cut: one long error must not push every other column away. */
  static final int MAX_CELL = 80;

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + header.size() + " cells, not " + cells.length);
    }
    List<String> row = new ArrayList<>();
    for (String cell : cells) {
      row.add(cell(cell));
    }
    rows.add(row);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table as lines, columns two spaces apart, no trailing spaces. */
  public String render() {
    int[] widths = new int[header.size()];
    for (List<String> row : all()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : all()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private List<List<String>> all() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  /** Null is "-"; line breaks would break the table, so they become spaces. */
  private static String cell(String text) {
    if (text == null || text.isEmpty()) {
      return "-";
    }
    String flat = text.replaceAll("[\\r\\n\\t]+", " ");
    return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 3) + "...";
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}

package io.sluice.cli.api;

import java.util.List;

/**
 * Shows a refused spec's error against the file: the problem's detail, then the line it names with
 * its number and a marker under it, and a line of context on either side.
 */
public final class SpecErrors {

  private SpecErrors() {}

  /**
   * @param file the file's name as given
   * @param yaml the file's text
   * @param line the 1-based line the server named, or null
   */
  public static String render(String file, String yaml, String detail, Integer line) {
    StringBuilder out = new StringBuilder("error: ").append(detail).append('\n');
    List<String> lines = yaml.lines().toList();
    if (line == null || line < 1 || line > lines.size()) {
      return out.toString();
    }
    out.append("  --> ").append(file).append(':').append(line).append('\n');
    int width = String.valueOf(Math.min(line + 1, lines.size())).length();
    for (int n = Math.max(1, line - 1); n <= Math.min(lines.size(), line + 1); n++) {
      String text = lines.get(n - 1);
      out.append(n == line ? "> " : "  ")
          .append(" ".repeat(width - String.valueOf(n).length()))
          .append(n)
          .append(" | ")
          .append(text)
          .append('\n');
      if (n == line) {
        int indent = text.length() - text.stripLeading().length();
        int length = Math.max(1, text.strip().length());
        out.append("  ")
            .append(" ".repeat(width))
            .append(" | ")
            .append(" ".repeat(indent))
            .append("^".repeat(length))
            .append('\n');
      }
    }
    return out.toString();
  }
}

package io.sluice.ingest.drop;

import io.sluice.events.ColumnType;
import java.util.regex.Pattern;

/** Whether a CSV value fits a column type. Empty values fit only STRING. */
final class ColumnValues {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private ColumnValues() {}

  static boolean fits(ColumnType type, String value) {
    String v = value.strip();
    return switch (type) {
      case STRING -> true;
      case INTEGER -> INTEGER.matcher(v).matches();
      case NUMBER -> v.length() <= 64 && NUMBER.matcher(v).matches() && finite(v);
      case BOOLEAN -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    };
  }

  private static boolean finite(String v) {
    return Double.isFinite(Double.parseDouble(v));
  }
}

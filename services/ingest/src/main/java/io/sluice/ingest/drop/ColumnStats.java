package io.sluice.ingest.drop;

import io.sluice.events.ColumnType;

/** Infers a column's type from every value seen: the narrowest type all of them fit. */
final class ColumnStats {

  private boolean allIntegers = true;
  private boolean allNumbers = true;
  private boolean allBooleans = true;
  private boolean seen;

  void accept(String value) {
    seen = true;
    if (allIntegers && !ColumnValues.fits(ColumnType.INTEGER, value)) {
      allIntegers = false;
    }
    if (allNumbers && !ColumnValues.fits(ColumnType.NUMBER, value)) {
      allNumbers = false;
    }
    if (allBooleans && !ColumnValues.fits(ColumnType.BOOLEAN, value)) {
      allBooleans = false;
    }
  }

  ColumnType type() {
    if (!seen) {
      return ColumnType.STRING;
    }
    if (allIntegers) {
      return ColumnType.INTEGER;
    }
    if (allNumbers) {
      return ColumnType.NUMBER;
    }
    return allBooleans ? ColumnType.BOOLEAN : ColumnType.STRING;
  }
}

package io.sluice.events;

/** The type ingest inferred for a CSV column from all of its values. */
public enum ColumnType {
  /** Every value parses as a 64-bit integer. */
  INTEGER,
  /** Every value parses as a decimal number (and at least one is not an integer). */
  NUMBER,
  /** Every value is {@code true} or {@code false}. */
  BOOLEAN,
  /** Anything else. */
  STRING
}

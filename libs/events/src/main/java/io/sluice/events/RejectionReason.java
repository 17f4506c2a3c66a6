package io.sluice.events;

/** Why ingest refused a drop. Adding a constant is a breaking change for exhaustive consumers. */
public enum RejectionReason {
  /** The drop folder holds no data object (only a marker, or nothing). */
  EMPTY_DROP,
  /** A file is not valid UTF-8. */
  NOT_UTF8,
  /** A CSV file has no header line. */
  MISSING_HEADER,
  /** Columns the dataset requires (e.g. its label column) are missing. */
  MISSING_COLUMNS,
  /** Rows have a different number of fields than the header, or files disagree on columns. */
  INCONSISTENT_ROWS,
  /** The files have a header but no data rows. */
  NO_ROWS,
  /** The drop exceeds the configured size limit. */
  TOO_LARGE,
  /** The drop exceeds the configured object count limit. */
  TOO_MANY_OBJECTS,
  /** An object could not be read from the store. */
  UNREADABLE,
  /** A data object is not a CSV file. */
  NOT_CSV
}

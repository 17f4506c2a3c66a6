package io.sluice.events;

/** Why ingest considered a drop complete. */
public enum Completion {
  /** A {@code _SUCCESS} object landed in the drop folder. */
  SUCCESS_MARKER,
  /** No new object arrived in the drop folder for the configured quiet period. */
  QUIET_PERIOD
}

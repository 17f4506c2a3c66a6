package io.sluice.events;

/** What started a run. */
public enum TriggerKind {
  /**
   * A new version of the pipeline's trigger dataset arrived (or was the latest at registration).
   */
  DATASET,
  /** A person or a script asked over the API (a first run, a re-run or a retry). */
  MANUAL,
  /** One of the pipeline's cron schedules fired. */
  SCHEDULE,
  /** An upstream pipeline's run succeeded. */
  PIPELINE
}

package io.sluice.orchestrator.run;

/** Where a run stands. */
public enum RunState {
  /**
   * Waiting for a slot: its pipeline already runs {@code concurrency.limit} runs. No step is
   * requested and no {@code run.started} is emitted until it leaves the queue.
   */
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Stopped by a person before it ended; see {@link RunRow#cancelReason()}. */
  CANCELLED
}

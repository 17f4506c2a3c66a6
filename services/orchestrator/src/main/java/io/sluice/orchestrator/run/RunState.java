package io.sluice.orchestrator.run;

/** Where a run stands. */
public enum RunState {
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Stopped by a person before it ended; see {@link RunRow#cancelReason()}. */
  CANCELLED
}

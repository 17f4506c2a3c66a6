package io.sluice.orchestrator.run;

/** Where one step of a run stands. */
public enum StepState {
  /** Waiting for upstream steps. */
  PENDING,
  /** An attempt was requested and has not finished. */
  REQUESTED,
  DONE,
  /** Failed for good: the run failed with it. */
  FAILED
}

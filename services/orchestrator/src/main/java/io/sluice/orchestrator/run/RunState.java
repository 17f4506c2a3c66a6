package io.sluice.orchestrator.run;

/** Where a run stands. */
public enum RunState {
  RUNNING,
  SUCCEEDED,
  FAILED
}

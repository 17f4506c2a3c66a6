package io.sluice.orchestrator.run;

/** Where one step of a run stands. */
public enum StepState {
  /** Waiting for upstream steps. */
  PENDING,
  /** An attempt was requested and has not finished. */
  REQUESTED,
  /**
   * An attempt failed retryably and the next one waits for its backoff ({@code retry_at}); the
   * retry scheduler requests it when due.
   */
  WAITING_FOR_RETRY,
  DONE,
  /** Failed for good: the run failed with it. */
  FAILED,
  /**
   * The run was cancelled before this step finished: a requested attempt was asked to stop, a
   * waiting retry and a pending step never run. Also a requested attempt of a run that failed
   * elsewhere: it was asked to stop.
   */
  CANCELLED,
  /**
   * Not run: its {@code when:} condition was false, or a step it waits for was skipped. Not a
   * failure: a run whose steps are all done or skipped succeeds.
   */
  SKIPPED
}

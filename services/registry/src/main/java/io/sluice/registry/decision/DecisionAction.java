package io.sluice.registry.decision;

/** What a person decided about a model version. */
public enum DecisionAction {
  /** Confirm or override the gate: the version may be rolled out. */
  APPROVE,
  /** Confirm or override the gate: the version must not serve. */
  REJECT,
  /** Serve the version with all traffic now. */
  PROMOTE,
  /** Serve an earlier version with all traffic now, in place of the champion. */
  ROLLBACK,
  /** Retire the version: it can no longer be approved, promoted or given an alias. */
  ARCHIVE
}

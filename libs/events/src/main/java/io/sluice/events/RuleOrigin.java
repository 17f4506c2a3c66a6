package io.sluice.events;

/** Whose rule a gate comparison applied. */
public enum RuleOrigin {
  /** The candidate's own gate, written in its pipeline spec. */
  PIPELINE,
  /** The model's minimum gate policy, owned by the registry and set by an approver. */
  REGISTRY
}

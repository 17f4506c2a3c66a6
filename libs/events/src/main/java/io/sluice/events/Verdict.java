package io.sluice.events;

/** The gate's decision on a model version. */
public enum Verdict {
  APPROVED,
  REJECTED
}

package io.sluice.orchestrator.spec;

import java.util.Locale;

/** What a schedule's tick does while an earlier run of the same schedule is still running. */
public enum ConcurrencyPolicy {
  /** Start another run beside it. */
  ALLOW,
  /** Skip the tick (recorded on the schedule, logged and counted). */
  FORBID,
  /** Cancel the running one, then start. */
  REPLACE;

  /** The spelling in a spec: lower case. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}

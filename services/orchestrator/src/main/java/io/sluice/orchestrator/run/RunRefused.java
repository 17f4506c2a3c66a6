package io.sluice.orchestrator.run;

/** A request about runs that cannot be done as asked: the caller's mistake, not a fault. */
public final class RunRefused extends RuntimeException {

  /** Why, as HTTP would say it. */
  public enum Why {
    /** The pipeline, version, dataset version or run does not exist. */
    NOT_FOUND,
    /** The run is not in a state that allows it. */
    CONFLICT,
    /** The request names something invalid (an unknown param). */
    INVALID
  }

  private final Why why;

  public RunRefused(Why why, String message) {
    super(message, null, false, false);
    this.why = why;
  }

  public Why why() {
    return why;
  }
}

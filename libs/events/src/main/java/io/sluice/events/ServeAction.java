package io.sluice.events;

/** What a person asked the gateway to do with a model version. */
public enum ServeAction {
  /** Serve it with all traffic now, ending any rollout of the model. */
  PROMOTE,
  /** Serve it with all traffic now in place of the version serving, which was bad. */
  ROLLBACK
}

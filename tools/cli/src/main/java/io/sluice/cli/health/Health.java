package io.sluice.cli.health;

/** What a probe found out about a running component. */
public enum Health {
  /** It serves and says it is ready. */
  UP,
  /** It answers but is not ready (e.g. a service's readiness check fails). */
  FAILING,
  /** It does not answer (yet). */
  DOWN
}

package io.sluice.events;

/** How the serving gateway moves traffic to an approved model version. */
public enum RolloutStrategy {
  /** All traffic at once, as soon as the version is loaded and warmed up. */
  IMMEDIATE,
  /** A growing share of the traffic, one weight step per analysis window. */
  CANARY,
  /**
   * A copy of a share of the requests, whose answers are compared and discarded; then the canary
   * steps, if any, else all traffic at once.
   */
  SHADOW
}

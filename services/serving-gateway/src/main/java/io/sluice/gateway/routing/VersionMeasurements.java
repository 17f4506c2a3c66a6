package io.sluice.gateway.routing;

/** This replica's per-version counters, which the rollout control plane reads and resets. */
public interface VersionMeasurements {

  /**
   * What this replica measured of one version since the last call for it, and resets it. Safe to
   * call while requests are recorded: none is lost or counted twice.
   */
  VersionSample drain(String model, int version);
}

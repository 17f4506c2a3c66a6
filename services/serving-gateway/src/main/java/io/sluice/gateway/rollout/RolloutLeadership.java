package io.sluice.gateway.rollout;

/**
 * Whether this replica drives rollouts now: exactly one replica should, and another must take over
 * when it dies. Local mode holds it through the database; cluster mode through a Kubernetes Lease.
 */
public interface RolloutLeadership {

  /** True while this replica holds the leadership. */
  boolean isLeader();
}

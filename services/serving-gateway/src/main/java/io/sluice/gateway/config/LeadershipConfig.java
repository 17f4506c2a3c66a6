package io.sluice.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code sluice.gateway.leadership.*}: how the replicas agree on the one that drives rollouts.
 * Every replica routes; only the leader steps weights, judges windows and rolls back.
 */
@ConfigMapping(prefix = "sluice.gateway.leadership")
public interface LeadershipConfig {

  /** Where the leadership is held. */
  enum Mode {
    /** A Postgres advisory lock on the gateway's database (local mode, and the default). */
    DATABASE,
    /** A {@code coordination.k8s.io/v1} Lease in the pod's namespace (cluster mode). */
    KUBERNETES
  }

  /** {@code database} or {@code kubernetes}. */
  @WithDefault("database")
  Mode mode();

  /** {@code sluice.gateway.leadership.database.*}. */
  Database database();

  /** {@code sluice.gateway.leadership.kubernetes.*}. */
  Kubernetes kubernetes();

  /** The advisory lock's pacing. */
  interface Database {

    /** How often a follower tries to take the lock. */
    @WithDefault("1s")
    Duration retryInterval();

    /**
     * How often the leader checks that its session (and so its lock) is alive. The leader counts
     * itself leader only for twice this long after a check that succeeded, and a new leader waits
     * as long before it acts, so two replicas never both believe they lead.
     */
    @WithDefault("500ms")
    Duration heartbeatInterval();
  }

  /** The Lease's name and timing (fabric8's leader election). */
  interface Kubernetes {

    /** The Lease object, in the pod's namespace. */
    @WithDefault("sluice-serving-gateway-rollouts")
    String leaseName();

    /** The Lease's namespace; defaults to the pod's own (the client's namespace). */
    Optional<String> namespace();

    /** This replica's name in the Lease's holder field; defaults to the pod name (host name). */
    Optional<String> identity();

    /**
     * How long a Lease that its holder stopped renewing keeps others out: a dead leader's successor
     * takes over within about this long.
     */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it gives the leadership up. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often candidates try to acquire, and the leader to renew. */
    @WithDefault("2s")
    Duration retryPeriod();
  }
}

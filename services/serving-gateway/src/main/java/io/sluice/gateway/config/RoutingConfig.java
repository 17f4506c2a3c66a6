package io.sluice.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code sluice.gateway.routing.*}: how requests find a version while a candidate rolls out. */
@ConfigMapping(prefix = "sluice.gateway.routing")
public interface RoutingConfig {

  /**
   * The request header whose value pins a caller to one side of a rollout: the same value always
   * reaches the same version for a given split, and stays with the candidate as its share grows.
   */
  @WithDefault("X-Sluice-Routing-Key")
  String stickyHeader();

  /** How requests are copied to a candidate under shadow. */
  Shadow shadow();

  /** {@code sluice.gateway.routing.shadow.*}. */
  interface Shadow {

    /** Threads that score shadow copies, apart from the threads that answer requests. */
    @WithDefault("2")
    int threads();

    /**
     * Copies waiting for a shadow thread; one more is dropped (and counted in {@code
     * sluice.gateway.shadow{outcome="dropped"}}), never waited for.
     */
    @WithDefault("64")
    int queueSize();
  }
}

package io.sluice.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code sluice.gateway.rollout.*}: how often replicas measure, follow and drive rollouts. */
@ConfigMapping(prefix = "sluice.gateway.rollout")
public interface RolloutConfig {

  /** How often the leading replica looks for analysis windows that ended. */
  @WithDefault("1s")
  Duration tickInterval();

  /**
   * How often every replica writes what it measured of the versions in rollout. A window is judged
   * on the rows written within it, so this is also how much of a window's end may be missed.
   */
  @WithDefault("1s")
  Duration measurementInterval();

  /** How long measurements are kept (for windows and for people reading the table). */
  @WithDefault("1h")
  Duration measurementRetention();

  /**
   * How often every replica compares its routing with the recorded state, besides right after each
   * rollout or promotion event: it heals a missed event and retries a version whose download
   * failed.
   */
  @WithDefault("5s")
  Duration followInterval();
}

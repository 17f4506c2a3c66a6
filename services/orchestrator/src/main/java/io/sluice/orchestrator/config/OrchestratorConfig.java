package io.sluice.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code sluice.orchestrator.*}: where runs put their outputs and how long steps may wait. */
@ConfigMapping(prefix = "sluice.orchestrator")
public interface OrchestratorConfig {

  /** The bucket step outputs are uploaded to. */
  @WithDefault("artifacts")
  String artifactsBucket();

  /**
   * How long a requested attempt may wait for a node before its timeout starts to count: the
   * deadline is the request time plus this plus the step's timeout.
   */
  @WithDefault("1h")
  Duration queueAllowance();
}

package io.sluice.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code sluice.orchestrator.*}: where runs put their outputs, how long steps may wait, and how
 * often retry timers are read.
 */
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

  /**
   * The longest the retry scheduler sleeps without reading the retry timers. A replica is woken by
   * the timers it records itself and sleeps until the next one is due; this bounds how late it
   * fires a timer that another replica recorded and could not fire (because it died).
   */
  @WithDefault("1m")
  Duration retryRecheckInterval();

  /**
   * A folder of pipeline specs ({@code *.yaml}, {@code *.yml}) registered at every start-up, e.g.
   * mounted from the Helm chart's values; each one becomes the latest version of its pipeline.
   */
  @WithName("bootstrap.pipelines-dir")
  Optional<Path> bootstrapPipelinesDir();
}

package io.sluice.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code sluice.orchestrator.*}: where runs put their outputs, how long steps may wait, how often
 * retry timers are read, and how the watchdog judges attempts nobody reports on.
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
   * The most bytes of a step's log {@code GET /api/v1/runs/{id}/steps/{step}/logs} sends (or reads,
   * for {@code ?tail=}). The launcher already bounds what it keeps ({@code
   * sluice.launcher.max-log-bytes}, 64 MiB, plus a 64 KiB tail); this also bounds an object put
   * there by someone else.
   */
  @WithDefault("75497472")
  long stepLogMaxBytes();

  /**
   * A folder of pipeline specs ({@code *.yaml}, {@code *.yml}) registered at every start-up, e.g.
   * mounted from the Helm chart's values; each one becomes the latest version of its pipeline.
   */
  @WithName("bootstrap.pipelines-dir")
  Optional<Path> bootstrapPipelinesDir();

  /** The watchdog that fails attempts nobody reports on, and runs and attempts past deadline. */
  Watchdog watchdog();

  /** {@code sluice.orchestrator.watchdog.*}. */
  interface Watchdog {

    /** How often it looks. Judgements trail the clock by about two of these. */
    @WithDefault("10s")
    Duration interval();

    /**
     * How long after an attempt's lease ended (no heartbeat since) it is declared lost. Covers the
     * executor's publishing delay and the clock difference between its host and the orchestrator's.
     */
    @WithDefault("30s")
    Duration leaseGrace();

    /**
     * How long past its deadline an attempt is failed by the orchestrator: the executor enforces
     * the same deadline and reports it with its log tail, which says more, so it goes first.
     */
    @WithDefault("2m")
    Duration deadlineGrace();

    /**
     * After how long a requested attempt that no executor has sent a heartbeat for counts in the
     * {@code sluice_orchestrator_attempts_without_heartbeat{why="never_heartbeated"}} gauge. It is
     * not failed for that (an executor that sends no heartbeats is judged by deadline only).
     */
    @WithDefault("10m")
    Duration silentAfter();

    /** How many attempts (or runs) one transaction judges at most. */
    @WithDefault("50")
    int batchSize();

    /** How long a question to Kafka (offsets) may take. */
    @WithDefault("10s")
    Duration kafkaTimeout();
  }

  /** The cron schedules of pipelines. */
  Schedules schedules();

  /** {@code sluice.orchestrator.schedules.*}. */
  interface Schedules {

    /**
     * Whether this replica fires schedules. Every replica may: a tick is claimed by one of them.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The longest the scheduler sleeps between looks at the schedules: how late a schedule that
     * another replica planned (and that replica then died) may fire at worst.
     */
    @WithDefault("30s")
    Duration recheckInterval();
  }
}

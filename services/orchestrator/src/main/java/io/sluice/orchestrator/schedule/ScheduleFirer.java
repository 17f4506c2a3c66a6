package io.sluice.orchestrator.schedule;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.eventing.Transactor;
import io.sluice.events.DataArrived;
import io.sluice.events.RunTrigger;
import io.sluice.orchestrator.pipeline.DatasetVersions;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.run.RunCanceller;
import io.sluice.orchestrator.run.RunRow;
import io.sluice.orchestrator.run.RunStart;
import io.sluice.orchestrator.run.RunStarter;
import io.sluice.orchestrator.spec.ConcurrencyPolicy;
import io.sluice.orchestrator.spec.Cron;
import io.sluice.orchestrator.spec.PipelineSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fires due schedule ticks. Each tick is one transaction: the schedule row is claimed ({@code FOR
 * UPDATE SKIP LOCKED}, so another replica passes it by), its concurrency policy is applied, the run
 * is started with the trigger key {@code schedule:<pipeline>:<name>:<tick>} and the row moves on to
 * its next tick. A crash before the commit leaves the tick due; after it, the tick is gone.
 */
@ApplicationScoped
public class ScheduleFirer {

  private static final Logger LOG = Logger.getLogger(ScheduleFirer.class);

  /** Ticks fired per call at most, so that a backlog cannot hold the scheduler thread for long. */
  static final int MAX_PER_CALL = 100;

  private final ScheduleStore store = new ScheduleStore();
  private final PipelineStore pipelines = new PipelineStore();
  private final DatasetVersions datasets = new DatasetVersions();
  private final Transactor transactor;
  private final PipelineSpecs specs;
  private final RunStarter starter;
  private final RunCanceller canceller;
  private final MeterRegistry meters;

  public ScheduleFirer(
      Transactor transactor,
      PipelineSpecs specs,
      RunStarter starter,
      RunCanceller canceller,
      MeterRegistry meters) {
    this.transactor = transactor;
    this.specs = specs;
    this.starter = starter;
    this.canceller = canceller;
    this.meters = meters;
  }

  /**
   * Fires every schedule due at {@code now} that no other replica is firing.
   *
   * @return when the earliest schedule is due next, if any
   */
  public Optional<Instant> fireDue(Instant now) {
    for (int i = 0; i < MAX_PER_CALL; i++) {
      if (!transactor.inTransaction(connection -> fireOne(connection, now))) {
        break;
      }
    }
    return transactor.inTransaction(store::earliest);
  }

  private boolean fireOne(Connection connection, Instant now) throws SQLException {
    Optional<ScheduleRow> claimed = store.claimDue(connection, now);
    if (claimed.isEmpty()) {
      return false;
    }
    ScheduleRow row = claimed.get();
    Ticks ticks =
        Ticks.of(Cron.parse(row.cron()), ZoneId.of(row.timezone()), row.nextFireAt(), now);
    if (ticks.missed() > 0) {
      LOG.warnf(
          "schedule %s/%s: %d ticks passed while no scheduler ran; one catch-up run for %s",
          row.pipelineName(), row.scheduleName(), ticks.missed(), ticks.fireAt());
      meters
          .counter("sluice.orchestrator.schedule.ticks", "outcome", "missed")
          .increment(ticks.missed());
    }
    Optional<String> skip = fire(connection, row, ticks);
    if (skip.isPresent()) {
      store.skipped(connection, row, ticks, skip.get());
      LOG.infof(
          "schedule %s/%s skipped its tick %s: %s",
          row.pipelineName(), row.scheduleName(), ticks.fireAt(), skip.get());
      meters.counter("sluice.orchestrator.schedule.ticks", "outcome", "skipped").increment();
    } else {
      meters.counter("sluice.orchestrator.schedule.ticks", "outcome", "fired").increment();
    }
    return true;
  }

  /** Starts the tick's run, or says why not. */
  private Optional<String> fire(Connection connection, ScheduleRow row, Ticks ticks)
      throws SQLException {
    StoredPipeline pipeline =
        pipelines.find(connection, row.pipelineName(), row.pipelineVersion()).orElseThrow();
    PipelineSpec spec = specs.spec(pipeline);
    Optional<DataArrived> data = datasets.latest(connection, spec.triggerDataset());
    if (data.isEmpty()) {
      return Optional.of(
          "no version of dataset '" + spec.triggerDataset() + "' has arrived yet: nothing to read");
    }
    List<UUID> running = store.runningRuns(connection, row);
    if (!running.isEmpty() && row.concurrency() == ConcurrencyPolicy.FORBID) {
      return Optional.of(
          "run " + running.get(0) + " of this schedule is still running (concurrency: forbid)");
    }
    if (row.concurrency() == ConcurrencyPolicy.REPLACE) {
      replace(connection, row, ticks, running);
    }
    RunStart start =
        new RunStart(
            pipeline,
            spec,
            data.get(),
            RunTrigger.schedule(row.scheduleName(), ticks.fireAt()),
            triggerKey(row, ticks.fireAt()),
            spec.params(),
            true);
    Optional<RunRow> run = starter.start(connection, start, null);
    store.fired(connection, row, ticks, run.map(RunRow::id).orElse(null));
    return Optional.empty();
  }

  private void replace(Connection connection, ScheduleRow row, Ticks ticks, List<UUID> running)
      throws SQLException {
    String reason =
        "replaced by the tick "
            + ticks.fireAt()
            + " of schedule '"
            + row.scheduleName()
            + "' (concurrency: replace)";
    for (UUID runId : running) {
      canceller.cancel(connection, runId, reason, subject(row));
    }
  }

  /** Who cancels a run that a tick replaces: the schedule, named as a subject. */
  static String subject(ScheduleRow row) {
    return "schedule:" + row.pipelineName() + "/" + row.scheduleName();
  }

  /** What makes a tick start one run, whichever replica fires it and however often. */
  static String triggerKey(ScheduleRow row, Instant tick) {
    return "schedule:" + row.pipelineName() + ":" + row.scheduleName() + ":" + tick;
  }
}

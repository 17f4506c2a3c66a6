package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.eventing.Outbox;
import io.sluice.eventing.quarkus.EventingConfig;
import io.sluice.events.CachedFrom;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.RunStarted;
import io.sluice.events.StepDone;
import io.sluice.events.UuidV7;
import io.sluice.orchestrator.pipeline.DatasetVersions;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.pipeline.SeenDatasets;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts runs: one per (pipeline version, dataset version) for every pipeline a new dataset version
 * triggers, and any other start (manual, scheduled, chained) through {@link #start}. Each start
 * records the run, emits {@code run.started} and requests the steps that read only the dataset.
 */
@ApplicationScoped
public class RunStarter {

  private static final Logger LOG = Logger.getLogger(RunStarter.class);

  /** The {@code executor} of a {@code step.done} that reused another attempt's outputs. */
  public static final String REUSED_BY = "cache";

  private final PipelineStore pipelines = new PipelineStore();
  private final RunStore runs = new RunStore();
  private final SeenDatasets seenDatasets = new SeenDatasets();
  private final DatasetVersions datasetVersions = new DatasetVersions();
  private final PipelineSpecs specs;
  private final RunProgress progress;
  private final StepFailures failures;
  private final Outbox outbox;
  private final String service;

  public RunStarter(
      PipelineSpecs specs,
      RunProgress progress,
      StepFailures failures,
      Outbox outbox,
      EventingConfig eventing) {
    this.specs = specs;
    this.progress = progress;
    this.failures = failures;
    this.outbox = outbox;
    this.service = eventing.service();
  }

  public void onDataArrived(EventEnvelope<DataArrived> event, EventContext context)
      throws SQLException {
    DataArrived data = event.data();
    seenDatasets.markSeen(context.connection(), data.datasetName());
    datasetVersions.record(context.connection(), data);
    for (StoredPipeline pipeline :
        pipelines.triggeredBy(context.connection(), data.datasetName())) {
      PipelineSpec spec = specs.spec(pipeline);
      // A pipeline started by schedules or by another pipeline only reads the dataset.
      if (spec.start().startsOnArrival()) {
        start(
            context.connection(),
            RunStart.ofDataset(pipeline, spec, data),
            context.cause().orElseThrow());
      }
    }
  }

  /**
   * Starts a run on the caller's transaction, unless it exists already (see {@link
   * RunStore#insertRun}).
   *
   * @param cause the event that caused the start, whose chain the run's events continue; null when
   *     no event did (a person, a schedule): then {@code run.started} starts a chain of its own
   * @return the new run, or empty when it existed
   */
  public Optional<RunRow> start(Connection connection, RunStart start, EventEnvelope<?> cause)
      throws SQLException {
    UUID runId = UuidV7.next();
    String correlationId = cause != null ? cause.correlationId() : runId.toString();
    boolean queued = mustQueue(connection, start);
    RunRow run =
        new RunRow(
            runId,
            start.pipeline().name(),
            start.pipeline().version(),
            queued ? RunState.QUEUED : RunState.RUNNING,
            start.params(),
            start.dataset(),
            null,
            null,
            null,
            correlationId,
            null,
            null,
            queued ? null : deadline(start.spec()),
            start.trigger(),
            start.useCache());
    Map<String, String> images = new LinkedHashMap<>();
    start.spec().steps().forEach(step -> images.put(step.name(), step.image()));
    if (!runs.insertRun(connection, run, start.triggerKey(), images)) {
      LOG.infof(
          "pipeline %s@%s already ran on %s %s (%s)",
          run.pipelineName(),
          run.pipelineVersion(),
          run.dataset().datasetName(),
          run.dataset().versionId(),
          start.triggerKey() == null ? start.trigger().kind() : start.triggerKey());
      return Optional.empty();
    }
    if (queued) {
      LOG.infof(
          "run=%s queued: pipeline %s already runs %d runs (concurrency limit)",
          runId, run.pipelineName(), start.spec().runLimit());
      return Optional.of(run);
    }
    begin(connection, run, start.spec(), start.reused(), cause);
    return Optional.of(run);
  }

  /**
   * Starts the pipeline's queued runs, oldest first, while it has free slots: called when one of
   * its runs ends. Each leaves the queue as if it started now (its own chain, its deadline from
   * now); a retry takes the succeeded steps of the run it retries, as it would have at once.
   */
  public void startQueued(Connection connection, String pipeline) throws SQLException {
    runs.lockRunSlots(connection, pipeline);
    Optional<RunRow> next = runs.oldestQueued(connection, pipeline);
    while (next.isPresent()) {
      RunRow queued = next.get();
      PipelineSpec spec = specs.spec(connection, pipeline, queued.pipelineVersion());
      if (spec.runLimit() != null && runs.countRunning(connection, pipeline) >= spec.runLimit()) {
        return;
      }
      Instant deadline = deadline(spec);
      runs.leaveQueue(connection, queued.id(), deadline);
      RunRow run = runs.run(connection, queued.id()).orElseThrow();
      LOG.infof("run=%s leaves the queue of %s", run.id(), pipeline);
      begin(connection, run, spec, reusedBy(connection, run), null);
      next = runs.oldestQueued(connection, pipeline);
    }
  }

  /** Whether the run must wait: its pipeline has a limit and as many runs running. */
  private boolean mustQueue(Connection connection, RunStart start) throws SQLException {
    Integer limit = start.spec().runLimit();
    if (limit == null) {
      return false;
    }
    runs.lockRunSlots(connection, start.pipeline().name());
    return runs.countRunning(connection, start.pipeline().name()) >= limit;
  }

  private List<StepRow> reusedBy(Connection connection, RunRow run) throws SQLException {
    String retryOf = run.trigger().retryOf();
    return retryOf == null
        ? List.of()
        : RunStart.doneSteps(runs.steps(connection, UUID.fromString(retryOf)));
  }

  private static Instant deadline(PipelineSpec spec) {
    return spec.timeout().map(Instant.now()::plus).orElse(null);
  }

  /** Announces the run and takes its first steps: what starting means, queued or not. */
  private void begin(
      Connection connection,
      RunRow run,
      PipelineSpec spec,
      List<StepRow> reused,
      EventEnvelope<?> cause)
      throws SQLException {
    EventEnvelope<RunStarted> started = emit(connection, cause, run, startedOf(run, spec));
    LOG.infof(
        "run=%s started (%s): %s on %s %s",
        run.id(),
        run.trigger().kind(),
        run.pipelineName(),
        run.dataset().datasetName(),
        run.dataset().versionId());
    Optional<StepSpec> unrunnable = DatasetFields.needingMissingLabel(spec, run.dataset());
    if (unrunnable.isPresent()) {
      failBeforeAnyRequest(connection, run, started, unrunnable.get());
      return;
    }
    reuse(connection, spec, reused, run, started);
    // Events of the first steps (requests, skips) are caused by run.started; nothing is scheduled
    // after the commit here, as no step has failed yet.
    RunEffects effects =
        RunEffects.judged(connection, outbox, service, run, started, new ArrayList<>());
    progress.advance(effects, spec, run);
  }

  /**
   * Each reused step is recorded as the run's first attempt of it and answered at once by a {@code
   * step.done} naming the attempt its outputs come from. The orchestrator applies that event as it
   * applies an executor's, so a run made only of reused steps ends (and offers its model) the same
   * way.
   */
  private void reuse(
      Connection connection,
      PipelineSpec spec,
      List<StepRow> reused,
      RunRow run,
      EventEnvelope<?> started)
      throws SQLException {
    String sourceRun = run.trigger().retryOf();
    Instant now = Instant.now();
    for (StepRow step : reused) {
      if (spec.step(step.stepName()).isEmpty()) {
        continue;
      }
      runs.markReused(connection, run.id(), step, now);
      StepDone done =
          new StepDone(
              run.id().toString(),
              step.stepName(),
              1,
              0,
              step.outputs(),
              step.metrics(),
              0,
              step.imageDigest(),
              now,
              now,
              REUSED_BY,
              service,
              new CachedFrom(sourceRun, step.stepName(), step.attempt()));
      emit(connection, started, run, done);
    }
  }

  /**
   * Fails the run at once, not retried, when a step could not run on its dataset: the step says why
   * in the run's view, and {@code run.failed} (caused by {@code run.started}) says it too.
   */
  private void failBeforeAnyRequest(
      Connection connection, RunRow run, EventEnvelope<RunStarted> started, StepSpec step)
      throws SQLException {
    String message = DatasetFields.missingLabel(step, run.dataset());
    runs.markFailed(
        connection,
        run.id(),
        step.name(),
        StepState.FAILED,
        FailureReason.INVALID_REQUEST + ": " + message + " (not retried)",
        null,
        Instant.now());
    RunEffects effects =
        RunEffects.judged(connection, outbox, service, run, started, new ArrayList<>());
    failures.failRun(effects, run, step.name(), FailureReason.INVALID_REQUEST, message);
  }

  private static RunStarted startedOf(RunRow run, PipelineSpec spec) {
    return new RunStarted(
        run.id().toString(),
        run.pipelineName(),
        run.pipelineVersion(),
        run.dataset().datasetName(),
        run.dataset().versionId(),
        run.params(),
        spec.steps().stream().map(StepSpec::name).toList(),
        run.trigger());
  }

  /** Caused by {@code cause}, or (with none) the first event of the run's own chain. */
  private <T extends io.sluice.events.EventData> EventEnvelope<T> emit(
      Connection connection, EventEnvelope<?> cause, RunRow run, T data) throws SQLException {
    String subject = run.id().toString();
    EventEnvelope<T> event =
        cause != null
            ? EventEnvelope.causedBy(cause, service, subject, data)
            : EventEnvelope.first(service, subject, run.chainId(), data);
    outbox.append(connection, event);
    return event;
  }
}

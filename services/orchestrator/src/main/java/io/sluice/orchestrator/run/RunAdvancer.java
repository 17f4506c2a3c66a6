package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.ModelCandidate;
import io.sluice.events.RetryPolicy;
import io.sluice.events.RunFailed;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepStarted;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.spec.ModelSpec;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Advances runs on {@code step.done} and {@code step.failed}: requests newly ready steps, retries
 * retryable failures (at once, or through a retry timer when the step has a backoff), and ends the
 * run. An event for another attempt than the current one, or for a finished step or run, changes
 * nothing.
 */
@ApplicationScoped
public class RunAdvancer {

  private static final Logger LOG = Logger.getLogger(RunAdvancer.class);

  private final RunStore runs = new RunStore();
  private final RetryTimers timers = new RetryTimers();
  private final PipelineSpecs specs;
  private final StepDispatcher dispatcher;
  private final RetryScheduler scheduler;

  public RunAdvancer(PipelineSpecs specs, StepDispatcher dispatcher, RetryScheduler scheduler) {
    this.specs = specs;
    this.dispatcher = dispatcher;
    this.scheduler = scheduler;
  }

  /** The run and step an event is about, when it is the current attempt of a running step. */
  private record Current(RunRow run, PipelineSpec spec, StepSpec step, List<StepRow> steps) {}

  /**
   * Shows that the requested attempt runs: until then the step's {@code startedAt} stays empty (its
   * pod is pending, or it waits for a free GPU). One update, no lock: nothing else depends on it.
   */
  public void onStepStarted(EventEnvelope<StepStarted> event, EventContext context)
      throws SQLException {
    StepStarted started = event.data();
    Optional<UUID> runId = parseId(started.runId());
    if (runId.isPresent()) {
      runs.markStarted(context.connection(), runId.get(), started);
    }
  }

  public void onStepDone(EventEnvelope<StepDone> event, EventContext context) throws SQLException {
    StepDone done = event.data();
    Optional<Current> current = current(context, done.runId(), done.stepName(), done.attempt());
    if (current.isEmpty()) {
      return;
    }
    Current at = current.get();
    List<String> missing =
        at.step().outputs().stream().filter(name -> done.output(name).isEmpty()).toList();
    if (!missing.isEmpty()) {
      String message = "step " + done.stepName() + " reported done without outputs " + missing;
      failStep(
          context,
          at,
          FailureReason.OUTPUT_UPLOAD_FAILED,
          message,
          done.startedAt(),
          done.finishedAt());
      return;
    }
    runs.markDone(context.connection(), done);
    LOG.infof("run=%s step=%s attempt=%d done", done.runId(), done.stepName(), done.attempt());
    List<StepRow> steps = runs.steps(context.connection(), at.run().id());
    if (steps.stream().allMatch(step -> step.state() == StepState.DONE)) {
      succeed(context, at, steps);
    } else {
      dispatcher.requestReady(context, at.spec(), at.run(), steps);
    }
  }

  public void onStepFailed(EventEnvelope<StepFailed> event, EventContext context)
      throws SQLException {
    StepFailed failed = event.data();
    Optional<Current> current =
        current(context, failed.runId(), failed.stepName(), failed.attempt());
    if (current.isEmpty()) {
      return;
    }
    Current at = current.get();
    String message = failed.reason() + ": " + failed.message();
    RetryPolicy policy = StepRequests.retryPolicy(at.step());
    if (!failed.retryable() || !policy.allowsAnotherAfter(failed.attempt())) {
      String why = failed.retryable() ? " (no attempts left)" : " (not retryable)";
      failStep(
          context, at, failed.reason(), message + why, failed.startedAt(), failed.finishedAt());
      return;
    }
    Duration delay = policy.delayBefore(failed.attempt() + 1);
    if (delay.isZero()) {
      runs.markFailed(
          context.connection(),
          at.run().id(),
          failed.stepName(),
          StepState.REQUESTED,
          message,
          failed.startedAt(),
          failed.finishedAt());
      dispatcher.request(context, at.step(), failed.attempt() + 1, at.run(), at.steps());
    } else {
      waitForRetry(event, context, message, delay);
    }
  }

  /** Records the retry as a timer; the scheduler requests the attempt when it is due. */
  private void waitForRetry(
      EventEnvelope<StepFailed> event, EventContext context, String message, Duration delay)
      throws SQLException {
    StepFailed failed = event.data();
    Instant retryAt =
        timers.schedule(
            context.connection(),
            UUID.fromString(failed.runId()),
            failed.stepName(),
            message,
            failed.startedAt(),
            failed.finishedAt(),
            delay,
            RetryCause.of(event));
    // Only once committed: woken earlier, the scheduler could read the timers without this one.
    context.afterCommit(scheduler::wake);
    LOG.infof(
        "run=%s step=%s attempt=%d failed; attempt %d waits %ss, until %s",
        failed.runId(),
        failed.stepName(),
        failed.attempt(),
        failed.attempt() + 1,
        delay.toSeconds(),
        retryAt);
  }

  private Optional<Current> current(
      EventContext context, String runId, String stepName, int attempt) throws SQLException {
    Optional<UUID> id = parseId(runId);
    Optional<RunRow> run =
        id.isEmpty() ? Optional.empty() : runs.lockRun(context.connection(), id.get());
    if (run.isEmpty() || run.get().state() != RunState.RUNNING) {
      LOG.infof("run=%s step=%s attempt=%d: no running run, ignored", runId, stepName, attempt);
      return Optional.empty();
    }
    List<StepRow> steps = runs.steps(context.connection(), run.get().id());
    Optional<StepRow> step =
        steps.stream().filter(row -> row.stepName().equals(stepName)).findFirst();
    if (step.isEmpty()
        || step.get().state() != StepState.REQUESTED
        || step.get().attempt() != attempt) {
      LOG.infof(
          "run=%s step=%s attempt=%d: stale or unknown attempt, ignored", runId, stepName, attempt);
      return Optional.empty();
    }
    PipelineSpec spec =
        specs.spec(context.connection(), run.get().pipelineName(), run.get().pipelineVersion());
    return Optional.of(new Current(run.get(), spec, spec.step(stepName).orElseThrow(), steps));
  }

  private static Optional<UUID> parseId(String runId) {
    try {
      return Optional.of(UUID.fromString(runId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void succeed(EventContext context, Current at, List<StepRow> steps) throws SQLException {
    RunRow run = at.run();
    // Built before anything is written: a candidate that cannot be built fails the run, where an
    // exception would roll back and bring the same step.done back, retried forever as transient.
    Optional<ModelCandidate> candidate;
    try {
      candidate = Candidates.forRun(at.spec(), run, steps);
    } catch (IllegalArgumentException | IllegalStateException e) {
      failRun(context, run, null, FailureReason.INTERNAL, cannotOffer(at.spec(), e));
      return;
    }
    runs.finishRun(context.connection(), run.id(), RunState.SUCCEEDED, null);
    context.emitCausedBy(
        run.id().toString(),
        new RunSucceeded(
            run.id().toString(),
            run.pipelineName(),
            run.pipelineVersion(),
            run.dataset().datasetName(),
            run.dataset().versionId()));
    LOG.infof("run=%s succeeded", run.id());
    if (candidate.isPresent()) {
      context.emitCausedBy(candidate.get().modelName(), candidate.get());
    }
  }

  private static String cannotOffer(PipelineSpec spec, RuntimeException e) {
    ModelSpec model = spec.model();
    return "every step is done, but model '"
        + model.name()
        + "' cannot be offered to the registry: "
        + (e.getMessage() == null ? e.toString() : e.getMessage())
        + " (check the model section of pipeline '"
        + spec.name()
        + "' and what steps '"
        + model.artifact().step()
        + "' and '"
        + model.metricsStep()
        + "' reported)";
  }

  /** Fails the step for good, and the run with it. */
  private void failStep(
      EventContext context,
      Current at,
      FailureReason reason,
      String message,
      Instant startedAt,
      Instant finishedAt)
      throws SQLException {
    runs.markFailed(
        context.connection(),
        at.run().id(),
        at.step().name(),
        StepState.FAILED,
        message,
        startedAt,
        finishedAt);
    failRun(context, at.run(), at.step().name(), reason, message);
  }

  /**
   * Ends the run as failed.
   *
   * @param failedStep the step that failed, or null when the run failed outside any step
   */
  private void failRun(
      EventContext context, RunRow run, String failedStep, FailureReason reason, String message)
      throws SQLException {
    runs.finishRun(context.connection(), run.id(), RunState.FAILED, message);
    context.emitCausedBy(
        run.id().toString(),
        new RunFailed(
            run.id().toString(),
            run.pipelineName(),
            run.pipelineVersion(),
            run.dataset().datasetName(),
            run.dataset().versionId(),
            failedStep,
            reason,
            message));
    LOG.infof(
        "run=%s failed%s: %s",
        run.id(), failedStep == null ? "" : " at step=" + failedStep, message);
  }
}

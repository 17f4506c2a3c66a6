package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.RunFailed;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Advances runs on {@code step.done} and {@code step.failed}: requests newly ready steps, retries
 * retryable failures, and ends the run. An event for another attempt than the current one, or for a
 * finished step or run, changes nothing.
 */
@ApplicationScoped
public class RunAdvancer {

  private static final Logger LOG = Logger.getLogger(RunAdvancer.class);

  private final RunStore runs = new RunStore();
  private final PipelineSpecs specs;
  private final StepDispatcher dispatcher;

  public RunAdvancer(PipelineSpecs specs, StepDispatcher dispatcher) {
    this.specs = specs;
    this.dispatcher = dispatcher;
  }

  /** The run and step an event is about, when it is the current attempt of a running step. */
  private record Current(RunRow run, PipelineSpec spec, StepSpec step, List<StepRow> steps) {}

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
      failRun(
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
    boolean attemptsLeft = StepRequests.retryPolicy(at.step()).allowsAnotherAfter(failed.attempt());
    if (failed.retryable() && attemptsLeft) {
      runs.markFailed(
          context.connection(),
          at.run().id(),
          failed.stepName(),
          StepState.REQUESTED,
          message,
          failed.startedAt(),
          failed.finishedAt());
      dispatcher.request(context, at.step(), failed.attempt() + 1, at.run(), at.steps());
      return;
    }
    String why = failed.retryable() ? " (no attempts left)" : " (not retryable)";
    failRun(context, at, failed.reason(), message + why, failed.startedAt(), failed.finishedAt());
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
    if (at.spec().model() != null) {
      Map<String, StepRow> byName = new LinkedHashMap<>();
      steps.forEach(step -> byName.put(step.stepName(), step));
      context.emitCausedBy(
          at.spec().model().name(),
          Candidates.candidate(at.spec(), at.spec().model(), run, byName));
    }
  }

  private void failRun(
      EventContext context,
      Current at,
      FailureReason reason,
      String message,
      Instant startedAt,
      Instant finishedAt)
      throws SQLException {
    RunRow run = at.run();
    runs.markFailed(
        context.connection(),
        run.id(),
        at.step().name(),
        StepState.FAILED,
        message,
        startedAt,
        finishedAt);
    runs.finishRun(context.connection(), run.id(), RunState.FAILED, message);
    context.emitCausedBy(
        run.id().toString(),
        new RunFailed(
            run.id().toString(),
            run.pipelineName(),
            run.pipelineVersion(),
            run.dataset().datasetName(),
            run.dataset().versionId(),
            at.step().name(),
            reason,
            message));
    LOG.infof("run=%s failed at step=%s: %s", run.id(), at.step().name(), message);
  }
}

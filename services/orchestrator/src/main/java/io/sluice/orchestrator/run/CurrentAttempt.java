package io.sluice.orchestrator.run;

import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The run and step an outcome is about, when it is the current attempt of a requested step of a
 * running run; the run is locked for the rest of the transaction. Outcomes of any other attempt
 * (superseded by a retry, judged lost, or of an ended run) find nothing and change nothing.
 */
record CurrentAttempt(RunRow run, PipelineSpec spec, StepSpec step, List<StepRow> steps) {

  private static final Logger LOG = Logger.getLogger(CurrentAttempt.class);
  private static final RunStore RUNS = new RunStore();

  static Optional<CurrentAttempt> find(
      Connection connection, PipelineSpecs specs, UUID runId, String stepName, int attempt)
      throws SQLException {
    Optional<RunRow> run = RUNS.lockRun(connection, runId);
    if (run.isEmpty() || run.get().state() != RunState.RUNNING) {
      LOG.infof("run=%s step=%s attempt=%d: no running run, ignored", runId, stepName, attempt);
      return Optional.empty();
    }
    List<StepRow> steps = RUNS.steps(connection, runId);
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
        specs.spec(connection, run.get().pipelineName(), run.get().pipelineVersion());
    return Optional.of(
        new CurrentAttempt(run.get(), spec, spec.step(stepName).orElseThrow(), steps));
  }

  /** The run id as a UUID, or empty when it is not one (such an event is about no run). */
  static Optional<UUID> parseId(String runId) {
    try {
      return Optional.of(UUID.fromString(runId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

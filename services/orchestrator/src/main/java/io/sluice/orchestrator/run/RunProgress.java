package io.sluice.orchestrator.run;

import io.sluice.events.FailureReason;
import io.sluice.events.StepSkipped;
import io.sluice.orchestrator.expr.Condition;
import io.sluice.orchestrator.expr.EvalException;
import io.sluice.orchestrator.spec.Dag;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Moves a run forward after it starts or a step is done: every step whose upstream steps have all
 * ended is skipped (a step it waits for was skipped, or its {@code when:} is false), failed (its
 * condition cannot be decided) or requested; skips cascade until nothing changes. A run whose steps
 * are all done or skipped succeeds.
 */
@ApplicationScoped
public class RunProgress {

  private static final Logger LOG = Logger.getLogger(RunProgress.class);

  private final RunStore runs = new RunStore();
  private final StepDispatcher dispatcher;
  private final StepFailures failures;
  private final RunCompletion completion;

  public RunProgress(StepDispatcher dispatcher, StepFailures failures, RunCompletion completion) {
    this.dispatcher = dispatcher;
    this.failures = failures;
    this.completion = completion;
  }

  void advance(RunEffects effects, PipelineSpec spec, RunRow run) throws SQLException {
    List<StepRow> steps = runs.steps(effects.connection(), run.id());
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String name : ready(spec, steps)) {
        StepSpec step = spec.step(name).orElseThrow();
        Decision decision = decide(step, run, steps);
        if (decision.failure() != null) {
          failCondition(effects, run, step, decision.failure());
          return;
        }
        if (decision.skipped() != null) {
          skip(effects, run, decision.skipped());
          changed = true;
        } else {
          dispatcher.request(
              effects.connection(),
              event -> effects.emit(run.id().toString(), event),
              step,
              1,
              run,
              steps);
        }
      }
      steps = runs.steps(effects.connection(), run.id());
    }
    if (steps.stream().allMatch(RunProgress::ended)) {
      completion.succeed(effects, spec, run, steps);
    }
  }

  private static List<String> ready(PipelineSpec spec, List<StepRow> steps) {
    Set<String> passed = names(steps, row -> ended(row));
    Set<String> started = names(steps, row -> row.state() != StepState.PENDING);
    return Dag.of(spec).ready(passed, started);
  }

  private static boolean ended(StepRow row) {
    return row.state() == StepState.DONE || row.state() == StepState.SKIPPED;
  }

  /** Whether a ready step runs, is skipped, or fails because its condition cannot be decided. */
  private static Decision decide(StepSpec step, RunRow run, List<StepRow> steps) {
    String runId = run.id().toString();
    Map<String, StepRow> byName = new HashMap<>();
    steps.forEach(row -> byName.put(row.stepName(), row));
    Optional<String> skippedUpstream =
        step.upstreamSteps().stream()
            .filter(name -> byName.get(name).state() == StepState.SKIPPED)
            .findFirst();
    if (skippedUpstream.isPresent()) {
      return Decision.skip(StepSkipped.byUpstream(runId, step.name(), skippedUpstream.get()));
    }
    if (step.when() == null) {
      return Decision.RUN;
    }
    Condition condition = step.when().condition();
    Map<String, Map<String, Double>> metrics = new HashMap<>();
    steps.stream()
        .filter(row -> row.state() == StepState.DONE)
        .forEach(row -> metrics.put(row.stepName(), row.metrics()));
    try {
      Condition.Outcome outcome = condition.evaluate(run.params(), metrics);
      return outcome.value()
          ? Decision.RUN
          : Decision.skip(
              StepSkipped.byCondition(runId, step.name(), condition.text(), outcome.values()));
    } catch (EvalException e) {
      return new Decision(
          null, "when: " + condition.text() + " cannot be decided: " + e.getMessage());
    }
  }

  private void skip(RunEffects effects, RunRow run, StepSkipped skipped) throws SQLException {
    runs.markSkipped(effects.connection(), run.id(), skipped.stepName(), skipped.reason());
    effects.emit(skipped.runId(), skipped);
    LOG.infof("run=%s step=%s skipped: %s", run.id(), skipped.stepName(), skipped.reason());
  }

  /** A condition that cannot be decided fails its step at once: another try reads the same. */
  private void failCondition(RunEffects effects, RunRow run, StepSpec step, String message)
      throws SQLException {
    String text = FailureReason.INVALID_REQUEST + ": " + message + " (not retried)";
    runs.markFailed(
        effects.connection(), run.id(), step.name(), StepState.FAILED, text, null, Instant.now());
    failures.failRun(effects, run, step.name(), FailureReason.INVALID_REQUEST, message);
  }

  private static Set<String> names(List<StepRow> steps, java.util.function.Predicate<StepRow> p) {
    return steps.stream().filter(p).map(StepRow::stepName).collect(Collectors.toSet());
  }

  /** Run the step ({@link #RUN}), skip it ({@code skipped}), or fail it ({@code failure}). */
  private record Decision(StepSkipped skipped, String failure) {

    static final Decision RUN = new Decision(null, null);

    static Decision skip(StepSkipped skipped) {
      return new Decision(skipped, null);
    }
  }
}

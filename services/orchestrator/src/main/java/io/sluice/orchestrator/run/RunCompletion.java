package io.sluice.orchestrator.run;

import io.sluice.events.FailureReason;
import io.sluice.events.ModelCandidate;
import io.sluice.events.RunSucceeded;
import io.sluice.orchestrator.spec.ModelSpec;
import io.sluice.orchestrator.spec.PipelineSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Ends a run whose steps are all done or skipped: {@code run.succeeded}, then the model candidate,
 * unless the model's artifact or metrics step was skipped; then the run says why there is none.
 */
@ApplicationScoped
public class RunCompletion {

  private static final Logger LOG = Logger.getLogger(RunCompletion.class);

  private final RunStore runs = new RunStore();
  private final StepFailures failures;

  public RunCompletion(StepFailures failures) {
    this.failures = failures;
  }

  void succeed(RunEffects effects, PipelineSpec spec, RunRow run, List<StepRow> steps)
      throws SQLException {
    Optional<String> noCandidate = noCandidate(spec, steps);
    // Built before anything is written: a candidate that cannot be built fails the run, where an
    // exception would roll back and bring the same step.done back, retried forever as transient.
    Optional<ModelCandidate> candidate = Optional.empty();
    if (noCandidate.isEmpty()) {
      try {
        candidate = Candidates.forRun(spec, run, steps);
      } catch (IllegalArgumentException | IllegalStateException e) {
        failures.failRun(effects, run, null, FailureReason.INTERNAL, cannotOffer(spec, e));
        return;
      }
    }
    runs.finishRun(effects.connection(), run.id(), RunState.SUCCEEDED, null);
    if (noCandidate.isPresent()) {
      runs.recordNoCandidate(effects.connection(), run.id(), noCandidate.get());
    }
    effects.emit(
        run.id().toString(),
        new RunSucceeded(
            run.id().toString(),
            run.pipelineName(),
            run.pipelineVersion(),
            run.dataset().datasetName(),
            run.dataset().versionId(),
            noCandidate.orElse(null)));
    LOG.infof("run=%s succeeded%s", run.id(), noCandidate.map(why -> ": " + why).orElse(""));
    if (candidate.isPresent()) {
      effects.emit(candidate.get().modelName(), candidate.get());
    }
  }

  /** Why the run offers no candidate though its pipeline has a model section, or empty. */
  static Optional<String> noCandidate(PipelineSpec spec, List<StepRow> steps) {
    ModelSpec model = spec.model();
    if (model == null) {
      return Optional.empty();
    }
    for (String step : List.of(model.artifact().step(), model.metricsStep())) {
      Optional<StepRow> skipped =
          steps.stream()
              .filter(row -> row.stepName().equals(step) && row.state() == StepState.SKIPPED)
              .findFirst();
      if (skipped.isPresent()) {
        String role = step.equals(model.artifact().step()) ? "artifact" : "metrics";
        return Optional.of(
            "no model candidate for '"
                + model.name()
                + "': its "
                + role
                + " step '"
                + step
                + "' was "
                + skipped.get().lastError());
      }
    }
    return Optional.empty();
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
}

package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.FailureReason;
import io.sluice.events.RunSucceeded;
import io.sluice.events.RunTrigger;
import io.sluice.events.UuidV7;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.spec.InputRef;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts the pipelines chained to one that succeeded ({@code trigger.pipeline}), on consuming its
 * {@code run.succeeded}: one run each, on the upstream run's dataset version, with the trigger key
 * {@code pipeline:<upstream run id>:<downstream name>} so that a redelivered or replayed event
 * starts nothing twice. Consuming the event, rather than starting them in the transaction that ends
 * the upstream run, keeps the upstream's success independent of its dependants (a bad downstream
 * spec cannot hold it back) and lets a replay start what was missed.
 */
@ApplicationScoped
public class RunChainer {

  private static final Logger LOG = Logger.getLogger(RunChainer.class);

  private final RunStore runs = new RunStore();
  private final PipelineStore pipelines = new PipelineStore();
  private final PipelineSpecs specs;
  private final RunStarter starter;
  private final StepFailures failures;

  public RunChainer(PipelineSpecs specs, RunStarter starter, StepFailures failures) {
    this.specs = specs;
    this.starter = starter;
    this.failures = failures;
  }

  public void onRunSucceeded(EventEnvelope<RunSucceeded> event, EventContext context)
      throws SQLException {
    RunSucceeded succeeded = event.data();
    Optional<UUID> id = CurrentAttempt.parseId(succeeded.runId());
    Optional<RunRow> upstream =
        id.isEmpty() ? Optional.empty() : runs.run(context.connection(), id.get());
    if (upstream.isEmpty() || upstream.get().state() != RunState.SUCCEEDED) {
      return;
    }
    for (StoredPipeline pipeline : pipelines.allLatest(context.connection())) {
      PipelineSpec spec = specs.spec(pipeline);
      if (succeeded.pipelineName().equals(spec.start().upstreamPipeline())) {
        startChained(context, upstream.get(), pipeline, spec);
      }
    }
  }

  private void startChained(
      EventContext context, RunRow upstream, StoredPipeline pipeline, PipelineSpec spec)
      throws SQLException {
    List<StepRow> upstreamSteps = runs.steps(context.connection(), upstream.id());
    Optional<String> missing = missingInput(spec, upstreamSteps);
    RunStart start =
        new RunStart(
            pipeline,
            spec,
            upstream.dataset(),
            RunTrigger.pipeline(upstream.pipelineName(), upstream.id().toString()),
            "pipeline:" + upstream.id() + ":" + pipeline.name(),
            spec.params(),
            true);
    if (missing.isPresent()) {
      failAtStart(context, start, upstream, missing.get());
      return;
    }
    starter
        .start(context.connection(), start, context.cause().orElseThrow())
        .ifPresent(
            run ->
                LOG.infof(
                    "run=%s of %s chained to run=%s of %s",
                    run.id(), pipeline.name(), upstream.id(), upstream.pipelineName()));
  }

  /** The first {@code upstream.<step>.<output>} input that the upstream run did not produce. */
  static Optional<String> missingInput(PipelineSpec spec, List<StepRow> upstreamSteps) {
    for (StepSpec step : spec.steps()) {
      for (var input : step.inputs().entrySet()) {
        InputRef ref = input.getValue();
        if (ref.isUpstream() && !produced(ref, upstreamSteps)) {
          return Optional.of(
              "step '" + step.name() + "' input '" + input.getKey() + "' (" + ref.text() + ")");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean produced(InputRef ref, List<StepRow> upstreamSteps) {
    return upstreamSteps.stream()
        .filter(row -> row.state() == StepState.DONE)
        .filter(row -> row.stepName().equals(ref.upstreamStep()))
        .flatMap(row -> row.outputs().stream())
        .anyMatch(output -> output.name().equals(ref.output()));
  }

  /**
   * Records the run (once, by its trigger key) and fails it at once, saying what is missing: no
   * step is requested, so {@code run.failed} is its only event.
   */
  private void failAtStart(EventContext context, RunStart start, RunRow upstream, String missing)
      throws SQLException {
    RunRow run =
        new RunRow(
            UuidV7.next(),
            start.pipeline().name(),
            start.pipeline().version(),
            RunState.RUNNING,
            start.params(),
            start.dataset(),
            null,
            null,
            null,
            context.cause().orElseThrow().correlationId(),
            null,
            null,
            null,
            start.trigger(),
            start.useCache());
    Map<String, String> images = new LinkedHashMap<>();
    start.spec().steps().forEach(step -> images.put(step.name(), step.image()));
    if (runs.insertRun(context.connection(), run, start.triggerKey(), images)) {
      String message =
          missing
              + " names an output that upstream run "
              + upstream.id()
              + " of "
              + upstream.pipelineName()
              + " did not produce (no DONE step with that output)";
      failures.failRun(RunEffects.of(context), run, null, FailureReason.INPUT_MISSING, message);
    }
  }
}

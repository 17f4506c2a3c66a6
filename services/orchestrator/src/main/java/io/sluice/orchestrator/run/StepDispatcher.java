package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.events.CachedFrom;
import io.sluice.events.EventData;
import io.sluice.events.StepDone;
import io.sluice.events.StepOutput;
import io.sluice.events.StepRequested;
import io.sluice.orchestrator.cache.StepReuse;
import io.sluice.orchestrator.config.OrchestratorConfig;
import io.sluice.orchestrator.spec.Dag;
import io.sluice.orchestrator.spec.InputRef;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Requests step attempts: records them on the run and emits {@code step.requested}, or, for a first
 * attempt the step cache can answer, the cached {@code step.done} instead (applied by the
 * orchestrator's own consumer like an executor's, so that one code path advances every run).
 */
@ApplicationScoped
public class StepDispatcher {

  private static final Logger LOG = Logger.getLogger(StepDispatcher.class);

  private final RunStore store = new RunStore();
  private final StepRequests requests;
  private final StepReuse reuse;

  public StepDispatcher(OrchestratorConfig config, StepReuse reuse) {
    this.requests = new StepRequests(config.artifactsBucket(), config.queueAllowance());
    this.reuse = reuse;
  }

  /** Requests every pending step whose upstream steps are all done. */
  public void requestReady(EventContext context, PipelineSpec spec, RunRow run, List<StepRow> steps)
      throws SQLException {
    Emitter causedByEvent = event -> context.emitCausedBy(run.id().toString(), event);
    requestReady(context.connection(), causedByEvent, spec, run, steps);
  }

  /** As above, outside event handling: each request goes to {@code emitter}. */
  public void requestReady(
      Connection connection, Emitter emitter, PipelineSpec spec, RunRow run, List<StepRow> steps)
      throws SQLException {
    Set<String> done = namesIn(steps, StepState.DONE);
    Set<String> started =
        steps.stream()
            .filter(step -> step.state() != StepState.PENDING)
            .map(StepRow::stepName)
            .collect(Collectors.toSet());
    for (String ready : Dag.of(spec).ready(done, started)) {
      request(connection, emitter, spec.step(ready).orElseThrow(), 1, run, steps);
    }
  }

  /**
   * Where a request (or a cached {@code step.done}) about the run is emitted: the outbox, on the
   * transaction that records it.
   */
  @FunctionalInterface
  public interface Emitter {
    void emit(EventData event) throws SQLException;
  }

  /** Requests one attempt of one step, caused by the event being applied. */
  public void request(
      EventContext context, StepSpec step, int attempt, RunRow run, List<StepRow> steps)
      throws SQLException {
    Emitter causedByEvent = event -> context.emitCausedBy(run.id().toString(), event);
    request(context.connection(), causedByEvent, step, attempt, run, steps);
  }

  /** Requests one attempt of one step outside event handling (a retry timer firing). */
  public void request(
      Connection connection,
      Emitter emitter,
      StepSpec step,
      int attempt,
      RunRow run,
      List<StepRow> steps)
      throws SQLException {
    Map<String, List<StepOutput>> upstream = new HashMap<>();
    steps.stream()
        .filter(row -> row.state() == StepState.DONE)
        .forEach(row -> upstream.put(row.stepName(), row.outputs()));
    if (step.inputs().values().stream().anyMatch(InputRef::isUpstream)) {
      upstreamRunOutputs(connection, run).forEach(upstream::put);
    }
    Instant now = Instant.now();
    StepSpec requested = FanInMetrics.addTo(step, steps);
    StepRequested request =
        requests.request(
            run.id().toString(), requested, attempt, run.params(), run.dataset(), upstream, now);
    store.markRequested(connection, request, now);
    Optional<StepDone> cached =
        attempt == 1 && run.useCache() && step.cache()
            ? reuse.reuse(connection, request, step, now)
            : Optional.empty();
    if (cached.isPresent()) {
      // Recorded as requested like any attempt: the step.done below completes it when the
      // orchestrator consumes it, exactly as an executor's would.
      emitter.emit(cached.get());
      CachedFrom origin = cached.get().cachedFrom();
      LOG.infof(
          "run=%s step=%s attempt=%d completed from the cache: outputs of %s/%s/%d",
          run.id(), step.name(), attempt, origin.runId(), origin.stepName(), origin.attempt());
      return;
    }
    emitter.emit(request);
    LOG.infof("run=%s step=%s attempt=%d requested", run.id(), step.name(), attempt);
  }

  /**
   * The outputs of the DONE steps of the run that started a chained run, keyed {@code
   * upstream.<step>} as its {@code upstream.<step>.<output>} inputs name them.
   */
  private Map<String, List<StepOutput>> upstreamRunOutputs(Connection connection, RunRow run)
      throws SQLException {
    Map<String, List<StepOutput>> outputs = new HashMap<>();
    String upstreamRunId = run.trigger().upstreamRunId();
    if (upstreamRunId == null) {
      return outputs;
    }
    store.steps(connection, UUID.fromString(upstreamRunId)).stream()
        .filter(row -> row.state() == StepState.DONE)
        .forEach(row -> outputs.put(InputRef.UPSTREAM + "." + row.stepName(), row.outputs()));
    return outputs;
  }

  private static Set<String> namesIn(List<StepRow> steps, StepState state) {
    return steps.stream()
        .filter(step -> step.state() == state)
        .map(StepRow::stepName)
        .collect(Collectors.toSet());
  }
}

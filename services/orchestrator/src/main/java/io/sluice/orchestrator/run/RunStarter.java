package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.events.DataArrived;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunStarted;
import io.sluice.events.UuidV7;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.pipeline.SeenDatasets;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.StepSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts one run per (pipeline version, dataset version) for every pipeline a new dataset version
 * triggers, and requests the steps that read only the dataset.
 */
@ApplicationScoped
public class RunStarter {

  private static final Logger LOG = Logger.getLogger(RunStarter.class);

  private final PipelineStore pipelines = new PipelineStore();
  private final RunStore runs = new RunStore();
  private final SeenDatasets seenDatasets = new SeenDatasets();
  private final PipelineSpecs specs;
  private final StepDispatcher dispatcher;

  public RunStarter(PipelineSpecs specs, StepDispatcher dispatcher) {
    this.specs = specs;
    this.dispatcher = dispatcher;
  }

  public void onDataArrived(EventEnvelope<DataArrived> event, EventContext context)
      throws SQLException {
    DataArrived data = event.data();
    seenDatasets.markSeen(context.connection(), data.datasetName());
    for (StoredPipeline pipeline :
        pipelines.triggeredBy(context.connection(), data.datasetName())) {
      start(context, pipeline, specs.spec(pipeline), event);
    }
  }

  private void start(
      EventContext context,
      StoredPipeline pipeline,
      PipelineSpec spec,
      EventEnvelope<DataArrived> arrived)
      throws SQLException {
    DataArrived data = arrived.data();
    UUID runId = UuidV7.next();
    RunRow run =
        new RunRow(
            runId,
            pipeline.name(),
            pipeline.version(),
            RunState.RUNNING,
            spec.params(),
            data,
            null,
            null,
            null,
            arrived.correlationId(),
            null,
            null,
            spec.timeout().map(Instant.now()::plus).orElse(null));
    Map<String, String> images = new LinkedHashMap<>();
    spec.steps().forEach(step -> images.put(step.name(), step.image()));
    if (!runs.insertRun(context.connection(), run, images)) {
      LOG.infof(
          "pipeline %s@%s already ran on %s %s",
          pipeline.name(), pipeline.version(), data.datasetName(), data.versionId());
      return;
    }
    context.emitCausedBy(
        runId.toString(),
        new RunStarted(
            runId.toString(),
            pipeline.name(),
            pipeline.version(),
            data.datasetName(),
            data.versionId(),
            spec.params(),
            spec.steps().stream().map(StepSpec::name).toList()));
    LOG.infof(
        "run=%s started: %s on %s %s",
        runId, pipeline.name(), data.datasetName(), data.versionId());
    dispatcher.requestReady(context, spec, run, runs.steps(context.connection(), runId));
  }
}

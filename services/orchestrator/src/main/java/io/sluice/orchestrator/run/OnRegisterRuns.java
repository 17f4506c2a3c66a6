package io.sluice.orchestrator.run;

import io.sluice.events.DataArrived;
import io.sluice.orchestrator.pipeline.DatasetVersions;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.RegistrationListener;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.spec.PipelineSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code trigger.onRegister: latest}: registering the pipeline runs it on its dataset's latest
 * version, as if that version had arrived after the registration. It is the same dataset-triggered
 * run (once per pipeline version and dataset version), so "register, then drop" and "drop, then
 * register" both run the pipeline exactly once on that data.
 */
@ApplicationScoped
public class OnRegisterRuns implements RegistrationListener {

  private final DatasetVersions datasets = new DatasetVersions();
  private final RunStarter starter;
  private final PipelineSpecs specs;

  public OnRegisterRuns(RunStarter starter, PipelineSpecs specs) {
    this.starter = starter;
    this.specs = specs;
  }

  @Override
  public Optional<String> registered(
      Connection connection, StoredPipeline pipeline, PipelineSpec spec) throws SQLException {
    if (!spec.runOnRegister()) {
      return Optional.empty();
    }
    Optional<DataArrived> latest = datasets.latest(connection, spec.triggerDataset());
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    return starter
        // The spec as runs see it (fan-outs expanded into their instances).
        .start(connection, RunStart.ofDataset(pipeline, specs.spec(pipeline), latest.get()), null)
        .map(run -> run.id().toString());
  }
}

package io.sluice.orchestrator.run;

import io.sluice.eventing.SqlWork;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.events.DataArrived;
import io.sluice.events.RunTrigger;
import io.sluice.orchestrator.pipeline.DatasetVersions;
import io.sluice.orchestrator.pipeline.PipelineSpecs;
import io.sluice.orchestrator.pipeline.PipelineStore;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.spec.PipelineSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs people start by hand: a first run of a pipeline on a dataset version, a re-run of a finished
 * run with the same inputs, and a retry of a failed run that reuses the outputs of its succeeded
 * steps. Each is a new run whose events are those of any run; its trigger names the caller and the
 * run it repeats.
 */
@ApplicationScoped
public class ManualRuns {

  private final PipelineStore pipelines = new PipelineStore();
  private final DatasetVersions datasets = new DatasetVersions();
  private final RunStore runs = new RunStore();
  private final Transactor transactor;
  private final PipelineSpecs specs;
  private final RunStarter starter;

  public ManualRuns(Transactor transactor, PipelineSpecs specs, RunStarter starter) {
    this.transactor = transactor;
    this.specs = specs;
    this.starter = starter;
  }

  /**
   * What to start.
   *
   * @param pipelineVersion the version to run, or null for the latest
   * @param datasetVersion the dataset version to read, or null for the latest that arrived
   * @param params overrides of the spec's params (each must be declared)
   * @param useCache whether steps may complete from the step cache, or null for the default
   * @param idempotencyKey the client's key for this start, or null: the same key (per caller) never
   *     starts a second run
   */
  public record Request(
      String pipelineVersion,
      String datasetVersion,
      Map<String, String> params,
      Boolean useCache,
      String idempotencyKey) {}

  /**
   * The run asked for, and whether this call created it ({@code false}: the idempotency key had
   * started it before).
   */
  public record Started(RunRow run, List<StepRow> steps, boolean created) {}

  /** Starts a run of {@code pipeline}. */
  public Started start(String pipeline, Request request, String caller) {
    return inTransaction(
        connection -> {
          StoredPipeline version = pipelineVersion(connection, pipeline, request.pipelineVersion());
          PipelineSpec spec = specs.spec(version);
          DataArrived dataset = datasetVersion(connection, spec, request.datasetVersion());
          Map<String, String> params = params(spec, request.params());
          RunStart start =
              new RunStart(
                  version,
                  spec,
                  dataset,
                  RunTrigger.manual(caller),
                  triggerKey(caller, request.idempotencyKey()),
                  params,
                  request.useCache() == null || request.useCache());
          return startOrFind(connection, start);
        });
  }

  /**
   * Runs an ended run again with the same pipeline version, dataset version and params. The cache
   * is off unless asked for: a re-run is how a fixed image under the same tag is picked up.
   */
  public Started rerun(UUID runId, Boolean useCache, String idempotencyKey, String caller) {
    return inTransaction(
        connection -> {
          RunRow source = ended(connection, runId, "re-run");
          RunStart start =
              repeat(
                  connection,
                  source,
                  RunTrigger.rerun(caller, runId.toString()),
                  triggerKey(caller, idempotencyKey),
                  useCache != null && useCache);
          return startOrFind(connection, start);
        });
  }

  /**
   * Continues a failed or cancelled run in a new run: the steps that succeeded complete at once
   * with their outputs ({@code step.done} naming the attempt they come from), the others run.
   */
  public Started retry(UUID runId, String idempotencyKey, String caller) {
    return inTransaction(
        connection -> {
          RunRow source = ended(connection, runId, "retry");
          if (source.state() == RunState.SUCCEEDED) {
            throw new RunRefused(
                RunRefused.Why.CONFLICT,
                "run " + runId + " succeeded; there is nothing to retry (re-run it instead)");
          }
          RunStart start =
              repeat(
                  connection,
                  source,
                  RunTrigger.retry(caller, runId.toString()),
                  triggerKey(caller, idempotencyKey),
                  source.useCache());
          return startOrFind(connection, start.reusing(runs.steps(connection, runId)));
        });
  }

  private RunStart repeat(
      Connection connection, RunRow source, RunTrigger trigger, String key, boolean useCache)
      throws SQLException {
    StoredPipeline version =
        pipelines
            .find(connection, source.pipelineName(), source.pipelineVersion())
            .orElseThrow(() -> new IllegalStateException("the run's pipeline version is gone"));
    return new RunStart(
        version, specs.spec(version), source.dataset(), trigger, key, source.params(), useCache);
  }

  private Started startOrFind(Connection connection, RunStart start) throws SQLException {
    Optional<RunRow> created = starter.start(connection, start, null);
    RunRow run =
        created.isPresent()
            ? created.get()
            : runs.runByTriggerKey(connection, start.triggerKey()).orElseThrow();
    return new Started(run, runs.steps(connection, run.id()), created.isPresent());
  }

  private StoredPipeline pipelineVersion(Connection connection, String name, String version)
      throws SQLException {
    Optional<StoredPipeline> found =
        version == null
            ? pipelines.latest(connection, name)
            : pipelines.find(connection, name, version);
    return found.orElseThrow(
        () ->
            new RunRefused(
                RunRefused.Why.NOT_FOUND,
                version == null
                    ? "no pipeline " + name
                    : "pipeline " + name + " has no version " + version));
  }

  private DataArrived datasetVersion(Connection connection, PipelineSpec spec, String version)
      throws SQLException {
    String dataset = spec.triggerDataset();
    Optional<DataArrived> found =
        version == null
            ? datasets.latest(connection, dataset)
            : datasets.version(connection, dataset, version);
    return found.orElseThrow(
        () ->
            new RunRefused(
                RunRefused.Why.NOT_FOUND,
                version == null
                    ? "no version of dataset '" + dataset + "' has arrived yet"
                    : "dataset '" + dataset + "' has no version " + version));
  }

  /** The spec's params with the overrides; an undeclared param is refused, not ignored. */
  private static Map<String, String> params(PipelineSpec spec, Map<String, String> overrides) {
    Map<String, String> params = new LinkedHashMap<>(spec.params());
    overrides.forEach(
        (name, value) -> {
          if (!params.containsKey(name)) {
            throw new RunRefused(
                RunRefused.Why.INVALID,
                "pipeline "
                    + spec.name()
                    + " has no param '"
                    + name
                    + "'; its params are "
                    + spec.params().keySet());
          }
          params.put(name, value);
        });
    return params;
  }

  private RunRow ended(Connection connection, UUID runId, String what) throws SQLException {
    RunRow run =
        runs.run(connection, runId)
            .orElseThrow(() -> new RunRefused(RunRefused.Why.NOT_FOUND, "no run " + runId));
    if (run.state() == RunState.RUNNING) {
      throw new RunRefused(
          RunRefused.Why.CONFLICT,
          "run " + runId + " is still RUNNING; only an ended run can be a " + what + "'s source");
    }
    return run;
  }

  /** Keys are the caller's own: two people using the same key start two runs. */
  private static String triggerKey(String caller, String idempotencyKey) {
    return idempotencyKey == null ? null : "manual:" + caller + ":" + idempotencyKey;
  }

  private <T> T inTransaction(SqlWork<T> work) {
    try {
      return transactor.inTransaction(work);
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof RunRefused refused) {
        throw refused;
      }
      throw e;
    }
  }
}

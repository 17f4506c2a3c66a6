package io.sluice.orchestrator.run;

import io.sluice.events.DataArrived;
import io.sluice.events.RunTrigger;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.spec.PipelineSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run is started with, whatever started it.
 *
 * @param pipeline the pipeline version to run
 * @param spec its parsed spec
 * @param dataset the dataset version the run reads
 * @param trigger what started it
 * @param triggerKey what makes this start happen once (a schedule tick, an upstream run, a client's
 *     idempotency key), or null; dataset-triggered runs are once per pipeline version and dataset
 *     version without one
 * @param params the resolved params (the spec's defaults with any overrides), in spec order
 * @param useCache whether steps may complete from the step cache
 * @param reused the steps, as another run recorded them, that complete with that run's outputs
 *     instead of running (a retry's succeeded steps); empty for a fresh run
 */
public record RunStart(
    StoredPipeline pipeline,
    PipelineSpec spec,
    DataArrived dataset,
    RunTrigger trigger,
    String triggerKey,
    Map<String, String> params,
    boolean useCache,
    List<StepRow> reused) {

  public RunStart {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    reused = List.copyOf(reused);
  }

  public RunStart(
      StoredPipeline pipeline,
      PipelineSpec spec,
      DataArrived dataset,
      RunTrigger trigger,
      String triggerKey,
      Map<String, String> params,
      boolean useCache) {
    this(pipeline, spec, dataset, trigger, triggerKey, params, useCache, List.of());
  }

  /** The same start, taking the {@code DONE} steps of {@code steps} from the run they belong to. */
  public RunStart reusing(List<StepRow> steps) {
    return new RunStart(
        pipeline, spec, dataset, trigger, triggerKey, params, useCache, doneSteps(steps));
  }

  /** The steps that succeeded: what a retry reuses. */
  static List<StepRow> doneSteps(List<StepRow> steps) {
    return steps.stream().filter(step -> step.state() == StepState.DONE).toList();
  }

  /** The run a new dataset version starts: the spec's params, the cache allowed. */
  public static RunStart ofDataset(StoredPipeline pipeline, PipelineSpec spec, DataArrived data) {
    return new RunStart(pipeline, spec, data, RunTrigger.dataset(), null, spec.params(), true);
  }
}

package io.sluice.orchestrator.run;

import io.sluice.events.DataArrived;
import io.sluice.events.RunTrigger;
import io.sluice.orchestrator.pipeline.StoredPipeline;
import io.sluice.orchestrator.spec.PipelineSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public record RunStart(
    StoredPipeline pipeline,
    PipelineSpec spec,
    DataArrived dataset,
    RunTrigger trigger,
    String triggerKey,
    Map<String, String> params,
    boolean useCache) {

  public RunStart {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The run a new dataset version starts: the spec's params, the cache allowed. */
  public static RunStart ofDataset(StoredPipeline pipeline, PipelineSpec spec, DataArrived data) {
    return new RunStart(pipeline, spec, data, RunTrigger.dataset(), null, spec.params(), true);
  }
}

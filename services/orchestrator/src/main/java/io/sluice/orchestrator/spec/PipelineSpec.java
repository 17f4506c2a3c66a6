package io.sluice.orchestrator.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, validated pipeline: what triggers it, its params, its steps (a DAG) and the model it
 * yields.
 *
 * @param triggerDataset the dataset name whose new versions start runs
 * @param params param defaults, in spec order
 * @param model the model section, or null when the pipeline yields none
 * @param timeoutSeconds how long a run may take from its start, or null for no run-level limit
 * @param start schedules and an upstream pipeline ({@link StartRules#NONE} when the spec names
 *     none)
 * @param runOnRegister whether registering the pipeline starts a run on its dataset's latest
 *     version ({@code trigger.onRegister: latest})
 * @param runLimit at most this many runs of the pipeline run at once ({@code concurrency.limit});
 *     the others wait {@code QUEUED}; null for no limit
 */
public record PipelineSpec(
    String name,
    String triggerDataset,
    Map<String, String> params,
    List<StepSpec> steps,
    ModelSpec model,
    Long timeoutSeconds,
    StartRules start,
    boolean runOnRegister,
    Integer runLimit) {

  public PipelineSpec {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    steps = List.copyOf(steps);
    start = start == null ? StartRules.NONE : start;
  }

  public Optional<StepSpec> step(String stepName) {
    return steps.stream().filter(step -> step.name().equals(stepName)).findFirst();
  }

  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds);
  }

  public Optional<ModelSpec> modelSpec() {
    return Optional.ofNullable(model);
  }

  public List<String> stepNames() {
    return steps.stream().map(StepSpec::name).toList();
  }
}

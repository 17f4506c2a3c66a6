package io.sluice.launcher.stager;

import io.sluice.events.StepOutput;
import java.util.List;
import java.util.Map;

/**
 * What stage-out learnt about a successful attempt, for the launcher's {@code step.done}: the
 * uploaded outputs with their hashes (and model signatures) and the step's metrics.
 */
public record StepResult(List<StepOutput> outputs, Map<String, Double> metrics, int exitCode) {

  public StepResult {
    outputs = List.copyOf(outputs);
    metrics = Map.copyOf(metrics);
  }
}

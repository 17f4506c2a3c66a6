package io.sluice.orchestrator.run;

import io.sluice.events.StepCancelRequested;
import java.util.List;

/**
 * The {@code step.cancel_requested} for every requested attempt of a run that ends while they may
 * still run (cancelled by a person, or failed). The orchestrator does not shard steps: shard 0.
 */
final class AttemptStops {

  private AttemptStops() {}

  static List<StepCancelRequested> forRequested(String runId, List<StepRow> steps, String reason) {
    return steps.stream()
        .filter(step -> step.state() == StepState.REQUESTED)
        .map(step -> new StepCancelRequested(runId, step.stepName(), step.attempt(), 0, reason))
        .toList();
  }
}

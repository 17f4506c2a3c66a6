package io.sluice.launcher.exec;

import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepRequested;

/** Names one attempt of one shard of one step of a run: the launcher's unit of work. */
public record AttemptKey(String runId, String stepName, int attempt, int shardIndex) {

  public static AttemptKey of(StepRequested request) {
    return new AttemptKey(
        request.runId(), request.stepName(), request.attempt(), request.shardIndex());
  }

  public static AttemptKey of(StepCancelRequested cancel) {
    return new AttemptKey(cancel.runId(), cancel.stepName(), cancel.attempt(), cancel.shardIndex());
  }

  @Override
  public String toString() {
    return "run=" + runId + " step=" + stepName + " attempt=" + attempt + " shard=" + shardIndex;
  }
}

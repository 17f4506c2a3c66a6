package io.sluice.events;

/**
 * The earlier attempt whose outputs a step reused instead of running: a cache hit on the step's
 * cache key, or a step that succeeded in the run a retry continues.
 *
 * @param runId the run of that attempt
 * @param stepName its step
 * @param attempt its attempt number
 */
public record CachedFrom(String runId, String stepName, int attempt) {

  public CachedFrom {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    Checks.atLeast(attempt, 1, "attempt");
  }
}

package io.sluice.events;

import java.util.Map;

/**
 * A step of a run will not run: its {@code when:} condition was false, or a step it waits for was
 * skipped. A skipped step is not a failure; the run goes on with the steps that do not depend on
 * it. Key: the run id.
 *
 * @param runId the run
 * @param stepName the skipped step
 * @param condition the step's condition when it was false, or null when an upstream skip caused
 *     this one
 * @param values each value the condition read ({@code params.x}, {@code step.metrics.y}) as text,
 *     in the order it read them; empty when an upstream skip caused this one
 * @param skippedUpstream the skipped step this one waits for, or null when its own condition was
 *     false
 * @param reason why, for a person (e.g. "when: evaluate.metrics.accuracy >= params.baseline was
 *     false (evaluate.metrics.accuracy = 0.81, params.baseline = 0.9)")
 */
public record StepSkipped(
    String runId,
    String stepName,
    @Nullable String condition,
    Map<String, String> values,
    @Nullable String skippedUpstream,
    String reason)
    implements EventData {

  public StepSkipped {
    Checks.notBlank(runId, "runId");
    Checks.notBlank(stepName, "stepName");
    values = Checks.map(values, "values");
    Checks.notBlank(reason, "reason");
    if ((condition == null) == (skippedUpstream == null)) {
      throw new IllegalArgumentException(
          "a step is skipped either by its condition or by an upstream skip: give exactly one");
    }
  }

  /** Skipped because its condition read {@code values} and was false. */
  public static StepSkipped byCondition(
      String runId, String stepName, String condition, Map<String, String> values) {
    String seen =
        String.join(
            ", ", values.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList());
    return new StepSkipped(
        runId,
        stepName,
        condition,
        values,
        null,
        "when: " + condition + " was false" + (seen.isEmpty() ? "" : " (" + seen + ")"));
  }

  /** Skipped because {@code upstream}, a step it waits for, was skipped. */
  public static StepSkipped byUpstream(String runId, String stepName, String upstream) {
    return new StepSkipped(
        runId, stepName, null, Map.of(), upstream, "upstream step " + upstream + " was skipped");
  }

  @Override
  public EventType eventType() {
    return EventType.STEP_SKIPPED;
  }
}

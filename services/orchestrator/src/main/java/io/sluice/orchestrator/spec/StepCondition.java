package io.sluice.orchestrator.spec;

import io.sluice.orchestrator.expr.Condition;

/**
 * A step's {@code when:} and where it is written.
 *
 * @param line the YAML line of the condition, for errors found once all steps are known
 */
public record StepCondition(Condition condition, int line) {

  public String text() {
    return condition.text();
  }
}

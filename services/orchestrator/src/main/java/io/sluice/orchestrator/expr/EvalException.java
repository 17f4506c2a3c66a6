package io.sluice.orchestrator.expr;

/**
 * A condition that cannot be decided on a run's values: a metric the upstream step did not report,
 * a param that does not read as a number where one is needed, a division by zero. The step fails
 * rather than guessing.
 */
public final class EvalException extends Exception {

  public EvalException(String message) {
    super(message);
  }
}

package io.sluice.orchestrator.expr;

/** A condition that cannot be registered: what is wrong and the 1-based column where it is. */
public final class ExprException extends Exception {

  private final int column;
  private final String problem;

  public ExprException(int column, String problem) {
    super(problem + " at column " + column);
    this.column = column;
    this.problem = problem;
  }

  /** The 1-based column in the condition's text. */
  public int column() {
    return column;
  }

  /** What is wrong, without the column. */
  public String problem() {
    return problem;
  }
}

package io.sluice.orchestrator.spec;

/** A pipeline spec that cannot be registered, with the (1-based) line the problem is on. */
public class SpecException extends Exception {

  private final int line;
  private final String problem;

  public SpecException(int line, String problem) {
    super("line " + line + ": " + problem);
    this.line = line;
    this.problem = problem;
  }

  /** The 1-based line of the offending YAML, 0 when the problem is not on one line. */
  public int line() {
    return line;
  }

  /** What is wrong, without the line prefix. */
  public String problem() {
    return problem;
  }
}

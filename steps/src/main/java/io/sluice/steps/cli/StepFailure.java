package io.sluice.steps.cli;

/**
 * A failure caused by the step's inputs or flags, not by a bug: bad usage, a missing folder, a CSV
 * that cannot be trained on. The message is what a person reads on stderr to fix the run, so it
 * names the file, column or flag at fault.
 */
public final class StepFailure extends RuntimeException {

  /** Exit code of a step run that failed on its flags or input folders (a usage error). */
  public static final int EXIT_CODE = 2;

  /**
   * Exit code of a step run whose data cannot be used (sysexits {@code EX_DATAERR}): a missing
   * label or feature column, a non-numeric feature, no rows. Rerunning does not help.
   */
  public static final int DATA_ERROR_EXIT_CODE = 65;

  private final int exitCode;

  /**
   * @param message what is wrong and, where it helps, how to fix it
   */
  public StepFailure(String message) {
    this(message, EXIT_CODE);
  }

  private StepFailure(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The data itself is wrong (exit {@value #DATA_ERROR_EXIT_CODE}). */
  public static StepFailure dataError(String message) {
    return new StepFailure(message, DATA_ERROR_EXIT_CODE);
  }

  /** The process exit code this failure ends the step with. */
  public int exitCode() {
    return exitCode;
  }
}

package io.sluice.steps.cli;

/**
 * A failure caused by the step's inputs or flags, not by a bug: bad usage, a missing folder, a CSV
 * that cannot be trained on. The message is what a person reads on stderr to fix the run, so it
 * names the file, column or flag at fault.
 */
public final class StepFailure extends RuntimeException {

  /** Exit code of a step run that failed on its inputs or flags. */
  public static final int EXIT_CODE = 2;

  /**
   * @param message what is wrong and, where it helps, how to fix it
   */
  public StepFailure(String message) {
    super(message);
  }
}

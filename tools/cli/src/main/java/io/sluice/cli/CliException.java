package io.sluice.cli;

/**
 * A failure the user can act on: its message is printed as is, without a stack trace, and the CLI
 * exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {

  /** Exit code of a failed command. */
  public static final int FAILURE = 1;

  /** Exit code of a command line that could not be understood. */
  public static final int USAGE = 2;

  private final int exitCode;

  public CliException(String message) {
    this(message, FAILURE, null);
  }

  public CliException(String message, Throwable cause) {
    this(message, FAILURE, cause);
  }

  protected CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}

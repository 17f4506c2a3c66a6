package io.sluice.cli.args;

import io.sluice.cli.CliException;

/** The command line could not be understood; the CLI points the user at {@code help}. */
public final class UsageException extends CliException {

  public UsageException(String message) {
    super(message, USAGE, null);
  }
}

package io.sluice.steps;

import io.sluice.steps.cli.Flags;
import java.io.PrintStream;
import java.util.Set;

/** One subcommand of the steps jar: a pipeline step. */
public interface Command {

  /** The subcommand's name on the command line, e.g. {@code split}. */
  String name();

  /** The flags it accepts, without dashes ({@code --metrics-file} is added for every command). */
  Set<String> flags();

  /** A one-line synopsis for the usage text. */
  String synopsis();

  /**
   * Runs the step.
   *
   * @param flags the parsed flags, with the step contract's environment as defaults
   * @param out where to print a short human summary
   * @return the step's metrics, which the caller writes to the metrics file
   * @throws io.sluice.steps.cli.StepFailure when the inputs or flags are wrong
   */
  Metrics run(Flags flags, PrintStream out);
}

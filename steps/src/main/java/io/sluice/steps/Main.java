package io.sluice.steps;

import io.sluice.steps.cli.Flags;
import io.sluice.steps.cli.StepFailure;
import io.sluice.steps.evaluate.EvaluateCommand;
import io.sluice.steps.select.SelectCommand;
import io.sluice.steps.split.SplitCommand;
import io.sluice.steps.train.TrainCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of {@code sluice-steps.jar}: {@code java -jar sluice-steps.jar <command> [--flags]}.
 * Exit 0 on success, 2 when the flags or input folders are wrong, 65 when the data is (a missing
 * label column, a non-numeric feature; the message on stderr says what to fix), 1 on an unexpected
 * error.
 */
public final class Main {

  private static final String METRICS_FLAG = "metrics-file";

  private final Map<String, Command> commands = new LinkedHashMap<>();

  /** The four reference steps. */
  public Main() {
    for (Command command :
        List.of(
            new SplitCommand(), new TrainCommand(), new EvaluateCommand(), new SelectCommand())) {
      commands.put(command.name(), command);
    }
  }

  /** Runs a step with the process's environment and exits with its status. */
  public static void main(String[] args) {
    System.exit(new Main().run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs a step in-process.
   *
   * @param args the command name and its flags
   * @param env the environment the step contract's defaults come from
   * @param out where the human summary goes
   * @param err where errors go
   * @return the exit status: 0 success, 2 bad flags or folders, 65 bad data, 1 unexpected error
   */
  public int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 0 || List.of("help", "--help", "-h").contains(args[0])) {
      (args.length == 0 ? err : out).print(usage());
      return args.length == 0 ? StepFailure.EXIT_CODE : 0;
    }
    Command command = commands.get(args[0]);
    if (command == null) {
      err.println("sluice-steps: unknown command '" + args[0] + "'");
      err.print(usage());
      return StepFailure.EXIT_CODE;
    }
    return runCommand(command, Arrays.asList(args).subList(1, args.length), env, out, err);
  }

  private int runCommand(
      Command command,
      List<String> args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err) {
    try {
      Set<String> known = new HashSet<>(command.flags());
      known.add(METRICS_FLAG);
      Flags flags = Flags.parse(command.name(), args, known, env);
      Metrics metrics = command.run(flags, out);
      metrics.writeTo(flags.metricsFile());
      out.println("metrics " + metrics);
      return 0;
    } catch (StepFailure e) {
      err.println("sluice-steps " + command.name() + ": " + e.getMessage());
      return e.exitCode();
    } catch (RuntimeException e) {
      err.println("sluice-steps " + command.name() + " failed unexpectedly: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  private String usage() {
    StringBuilder text =
        new StringBuilder("usage: java -jar sluice-steps.jar <command> [--flags]\n");
    commands.values().forEach(c -> text.append("  ").append(c.synopsis()).append('\n'));
    text.append("every command also takes --metrics-file <file> (default: $SLUICE_METRICS_FILE)\n");
    text.append("folder flags default to $SLUICE_INPUT_<NAME> / $SLUICE_OUTPUT_<NAME>\n");
    text.append("--label defaults to the labelColumn of $SLUICE_DATASET_SCHEMA\n");
    return text.toString();
  }
}

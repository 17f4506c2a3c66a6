package io.sluice.steps.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --name value} flags of one subcommand, with the step contract's environment variables
 * as defaults: an input folder flag falls back to {@code SLUICE_INPUT_<NAME>}, an output folder
 * flag to {@code SLUICE_OUTPUT_<NAME>}, so a step works both from argv and from the executor's
 * environment.
 */
public final class Flags {

  private final String command;
  private final Map<String, List<String>> values;
  private final Map<String, String> env;

  private Flags(String command, Map<String, List<String>> values, Map<String, String> env) {
    this.command = command;
    this.values = values;
    this.env = env;
  }

  /**
   * Parses {@code --name value} and {@code --name=value} pairs.
   *
   * @param command the subcommand, for error messages
   * @param args the arguments after the subcommand
   * @param known the flag names (without dashes) this subcommand accepts
   * @param env the process environment (a parameter so tests can supply their own)
   * @throws StepFailure on an unknown flag, a stray argument or a flag without a value
   */
  public static Flags parse(
      String command, List<String> args, Set<String> known, Map<String, String> env) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new StepFailure(command + ": unexpected argument '" + arg + "'" + usage(known));
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new StepFailure(command + ": flag --" + name + " needs a value");
      }
      if (!known.contains(name)) {
        throw new StepFailure(command + ": unknown flag --" + name + usage(known));
      }
      values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return new Flags(command, values, env);
  }

  private static String usage(Set<String> known) {
    StringBuilder text = new StringBuilder("; known flags:");
    new TreeSet<>(known).forEach(flag -> text.append(" --").append(flag));
    return text.toString();
  }

  /** The flag's last value, or the default when it was not given. */
  public String string(String name, String defaultValue) {
    List<String> given = values.get(name);
    return given == null ? defaultValue : given.get(given.size() - 1);
  }

  /** Every value given for a repeatable flag, in order. */
  public List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  /** An input folder: the flag, else {@code SLUICE_INPUT_<NAME>}. */
  public Path inputFolder(String name) {
    return folder(name, envName("SLUICE_INPUT_", name));
  }

  /** An output folder: the flag, else {@code SLUICE_OUTPUT_<NAME>}. */
  public Path outputFolder(String name) {
    return folder(name, envName("SLUICE_OUTPUT_", name));
  }

  /** The metrics file: {@code --metrics-file}, else {@code SLUICE_METRICS_FILE}, else none. */
  public Path metricsFile() {
    String path = string("metrics-file", env.get("SLUICE_METRICS_FILE"));
    return path == null || path.isBlank() ? null : Path.of(path);
  }

  /** The step's environment, as the executor set it. */
  public Map<String, String> env() {
    return env;
  }

  /** A whole number flag. */
  public long longValue(String name, long defaultValue) {
    String text = string(name, null);
    if (text == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new StepFailure(
          command + ": --" + name + " must be a whole number, got '" + text + "'");
    }
  }

  /** A number flag that must lie strictly between 0 and 1. */
  public double fraction(String name, double defaultValue) {
    String text = string(name, null);
    if (text == null) {
      return defaultValue;
    }
    try {
      double value = Double.parseDouble(text.trim());
      if (value > 0 && value < 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the same message as an out-of-range value
    }
    throw new StepFailure(
        command + ": --" + name + " must be a number between 0 and 1, got '" + text + "'");
  }

  private Path folder(String name, String envName) {
    String path = string(name, env.get(envName));
    if (path == null || path.isBlank()) {
      throw new StepFailure(command + ": give --" + name + " <folder> or set " + envName);
    }
    return Path.of(path);
  }

  /** The contract's env name: upper-cased, every non-alphanumeric replaced by '_'. */
  static String envName(String prefix, String name) {
    return prefix + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}

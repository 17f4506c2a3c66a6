package io.sluice.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command lines of {@code pipelines}, {@code runs}, {@code models} and {@code rollouts}: an
 * action, its positional arguments, its options (each known to take a value or not), and {@code
 * --output json|table} and {@code --server URL}, which every action takes.
 */
final class ApiArguments {

  /**
   * One action: its positional arguments (then those that may be left out), which options take a
   * value, which are flags.
   */
  private record Shape(
      List<String> positional, List<String> optional, Set<String> valued, Set<String> flags) {

    Shape(List<String> positional, Set<String> valued, Set<String> flags) {
      this(positional, List.of(), valued, flags);
    }

    String usage(String group, String action) {
      StringBuilder usage = new StringBuilder(group + " " + action);
      positional.forEach(name -> usage.append(" <").append(name).append('>'));
      optional.forEach(name -> usage.append(" [").append(name).append(']'));
      valued.stream().sorted().forEach(option -> usage.append(" [").append(option).append(" V]"));
      flags.stream().sorted().forEach(flag -> usage.append(" [").append(flag).append(']'));
      return usage.toString();
    }
  }

  private static final Set<String> COMMON = Set.of("--output", "--server");

  private static final Set<String> REASON = Set.of("--reason");

  private static final Map<String, Shape> MODEL_SEARCH =
      Map.of(
          "versions",
          new Shape(
              List.of("model"),
              Set.of(
                  "--metric",
                  "--alias",
                  "--dataset-version",
                  "--run",
                  "--verdict",
                  "--registered-after",
                  "--registered-before",
                  "--limit",
                  "--after"),
              Set.of()),
          "compare",
          new Shape(List.of("model", "a", "b"), Set.of(), Set.of()));

  private static final Map<String, Map<String, Shape>> SHAPES =
      Map.of(
          "models",
          Map.ofEntries(
              Map.entry("list", new Shape(List.of(), Set.of(), Set.of())),
              Map.entry("get", new Shape(List.of("name"), List.of("version"), Set.of(), Set.of())),
              Map.entry("aliases", new Shape(List.of("name"), Set.of(), Set.of())),
              Map.entry("alias", new Shape(List.of("name", "alias", "version"), REASON, Set.of())),
              Map.entry("unalias", new Shape(List.of("name", "alias"), REASON, Set.of())),
              Map.entry("approve", new Shape(List.of("name", "version"), REASON, Set.of())),
              Map.entry("reject", new Shape(List.of("name", "version"), REASON, Set.of())),
              Map.entry("promote", new Shape(List.of("name", "version"), REASON, Set.of())),
              Map.entry("archive", new Shape(List.of("name", "version"), REASON, Set.of())),
              Map.entry(
                  "rollback", new Shape(List.of("name"), Set.of("--reason", "--to"), Set.of())),
              Map.entry("versions", MODEL_SEARCH.get("versions")),
              Map.entry("compare", MODEL_SEARCH.get("compare"))),
          "pipelines",
          Map.of(
              "apply", new Shape(List.of(), Set.of("-f", "--file"), Set.of()),
              "list", new Shape(List.of(), Set.of(), Set.of()),
              "get", new Shape(List.of("name"), Set.of(), Set.of())),
          "runs",
          Map.of(
              "list",
              new Shape(
                  List.of(),
                  Set.of(
                      "--pipeline",
                      "--state",
                      "--trigger",
                      "--dataset-version",
                      "--since",
                      "--until",
                      "--limit",
                      "--cursor"),
                  Set.of()),
              "get",
              new Shape(List.of("run-id"), Set.of(), Set.of()),
              "timeline",
              new Shape(List.of("run-id"), Set.of("--after", "--limit"), Set.of()),
              "start",
              new Shape(
                  List.of("pipeline"),
                  Set.of("--dataset-version", "--pipeline-version", "--param"),
                  Set.of("--no-cache")),
              "cancel",
              new Shape(List.of("run-id"), Set.of("--reason"), Set.of()),
              "retry",
              new Shape(List.of("run-id"), Set.of(), Set.of()),
              "rerun",
              new Shape(List.of("run-id"), Set.of(), Set.of()),
              "logs",
              new Shape(List.of("run-id", "step"), Set.of("--attempt"), Set.of())),
          "rollouts",
          Map.of(
              "status", new Shape(List.of(), List.of("model"), Set.of(), Set.of()),
              "pause", new Shape(List.of("model"), Set.of("--reason"), Set.of()),
              "resume", new Shape(List.of("model"), Set.of("--reason"), Set.of()),
              "abort", new Shape(List.of("model"), Set.of("--reason"), Set.of()),
              "promote", new Shape(List.of("model"), Set.of("--reason"), Set.of())));

  /** Options that may be given more than once, each value kept. */
  private static final Set<String> REPEATABLE = Set.of("--param", "--metric");

  private ApiArguments() {}

  static Invocation.Api parse(String group, List<String> rest) {
    Map<String, Shape> actions = SHAPES.get(group);
    if (rest.isEmpty() || !actions.containsKey(rest.get(0))) {
      throw new UsageException(
          "'"
              + group
              + "' needs one of: "
              + String.join(", ", actions.keySet().stream().sorted().toList())
              + (rest.isEmpty() ? "" : "; got '" + rest.get(0) + "'"));
    }
    String action = rest.get(0);
    Shape shape = actions.get(action);
    List<String> positional = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> args = rest.subList(1, rest.size());
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (shape.flags().contains(arg)) {
        options.computeIfAbsent(arg, k -> new ArrayList<>());
      } else if (shape.valued().contains(arg) || COMMON.contains(arg)) {
        if (i + 1 >= args.size()) {
          throw new UsageException("'" + arg + "' needs a value; " + shape.usage(group, action));
        }
        options.computeIfAbsent(arg, k -> new ArrayList<>()).add(args.get(++i));
      } else if (arg.startsWith("-") && arg.length() > 1) {
        throw new UsageException(
            "unknown option '"
                + arg
                + "' for '"
                + group
                + " "
                + action
                + "'; usage: "
                + shape.usage(group, action));
      } else {
        positional.add(arg);
      }
    }
    options.keySet().stream()
        .filter(name -> !REPEATABLE.contains(name))
        .forEach(name -> single(options, name));
    int given = positional.size();
    int needed = shape.positional().size();
    if (given < needed || given > needed + shape.optional().size()) {
      throw new UsageException("usage: ./sluice " + shape.usage(group, action));
    }
    return new Invocation.Api(
        group, action, positional, options, json(options), single(options, "--server"));
  }

  private static boolean json(Map<String, List<String>> options) {
    String output = single(options, "--output");
    if (output == null || output.equals("table")) {
      return false;
    }
    if (output.equals("json")) {
      return true;
    }
    throw new UsageException("--output is 'table' (the default) or 'json', not '" + output + "'");
  }

  /** An option that makes sense once; given twice, which one was meant cannot be told. */
  private static String single(Map<String, List<String>> options, String name) {
    List<String> values = options.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw new UsageException(name + " is given " + values.size() + " times; give it once");
    }
    return values.isEmpty() ? null : values.get(0);
  }
}

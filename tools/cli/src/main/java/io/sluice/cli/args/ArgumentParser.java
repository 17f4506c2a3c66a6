package io.sluice.cli.args;

import io.sluice.cli.config.Components;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns the arguments of {@code ./sluice} into an {@link Invocation}, strictly. */
public final class ArgumentParser {

  /**
   * Parses one command line.
   *
   * @throws UsageException for an unknown command or option, or a missing or extra argument
   */
  public Invocation parse(List<String> args) {
    if (args.isEmpty()) {
      return new Invocation.Help();
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    return switch (command) {
      case "up" ->
          new Invocation.Up(flags(command, rest, Set.of("--infra-only")).contains("--infra-only"));
      case "status" -> status(rest);
      case "logs" -> logs(rest);
      case "restart" -> restart(rest);
      case "down" ->
          new Invocation.Down(flags(command, rest, Set.of("--purge")).contains("--purge"));
      case "demo" ->
          new Invocation.Demo(flags(command, rest, Set.of("--fresh")).contains("--fresh"));
      case "token" -> TokenArguments.parse(rest);
      case "pipelines", "runs", "models", "rollouts" -> ApiArguments.parse(command, rest);
      case "help", "--help", "-h" -> new Invocation.Help();
      default -> throw new UsageException("unknown command '" + command + "'");
    };
  }

  private static Invocation status(List<String> rest) {
    flags("status", rest, Set.of());
    return new Invocation.Status();
  }

  private static Invocation logs(List<String> rest) {
    boolean follow = false;
    List<String> names = new ArrayList<>();
    for (String arg : rest) {
      if (arg.equals("-f") || arg.equals("--follow")) {
        follow = true;
      } else if (arg.startsWith("-")) {
        throw new UsageException("unknown option '" + arg + "' for 'logs'; it takes: -f, --follow");
      } else {
        names.add(arg);
      }
    }
    if (names.size() != 1) {
      throw new UsageException("'logs' takes exactly one component name, e.g. ./sluice logs kafka");
    }
    return new Invocation.Logs(names.get(0), follow);
  }

  private static Invocation restart(List<String> rest) {
    if (rest.size() != 1 || rest.get(0).startsWith("-")) {
      throw new UsageException(
          "'restart' takes exactly one service name, e.g. ./sluice restart serving-gateway");
    }
    String name = rest.get(0);
    if (Components.names().contains(name) && !Components.SERVICES.contains(name)) {
      throw new UsageException(
          "'restart' restarts one of the services, and "
              + name
              + " is infrastructure that they all use; restart it with ./sluice down and"
              + " ./sluice up");
    }
    if (!Components.SERVICES.contains(name)) {
      throw new UsageException(
          "unknown service '" + name + "'; valid names: " + String.join(", ", Components.SERVICES));
    }
    return new Invocation.Restart(name);
  }

  private static Set<String> flags(String command, List<String> rest, Set<String> allowed) {
    for (String arg : rest) {
      if (!allowed.contains(arg)) {
        String takes =
            allowed.isEmpty() ? "it takes no arguments" : "it takes: " + String.join(", ", allowed);
        throw new UsageException(
            "unexpected argument '" + arg + "' for '" + command + "'; " + takes);
      }
    }
    return Set.copyOf(rest);
  }
}

package io.sluice.testkit.local;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line flags, checked against the names a main accepts. */
final class Flags {

  private final Map<String, String> values;

  private Flags(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code --name value} and {@code --name=value} pairs.
   *
   * @throws IllegalArgumentException for an unknown flag or one without a value
   */
  static Flags parse(String[] args, Set<String> known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument: " + arg);
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("Unknown flag --" + name + "; known: " + known);
      }
      if (equals < 0 && i + 1 >= args.length) {
        throw new IllegalArgumentException("Flag --" + name + " needs a value");
      }
      values.put(name, equals < 0 ? args[++i] : arg.substring(equals + 1));
    }
    return new Flags(values);
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The flag's value, or {@code null} when it was not given. */
  String optional(String name) {
    return values.get(name);
  }

  int port(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a port number, not " + value);
    }
  }

  Path requiredPath(String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Flag --" + name + " is required");
    }
    return Path.of(value);
  }
}

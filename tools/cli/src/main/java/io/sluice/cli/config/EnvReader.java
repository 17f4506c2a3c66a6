package io.sluice.cli.config;

import io.sluice.cli.CliException;
import java.util.Map;
import java.util.Optional;

/** Typed, validated reads of environment variables; a bad value names the variable. */
final class EnvReader {

  private final Map<String, String> env;

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> text(String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  int port(String name, int fallback) {
    int port = number(name, fallback);
    if (port < 1 || port > 65535) {
      throw new CliException(
          name + " must be a port number (1-65535), got '" + env.get(name) + "'");
    }
    return port;
  }

  long seconds(String name, long fallback) {
    int seconds = number(name, (int) fallback);
    if (seconds < 1) {
      throw new CliException(
          name + " must be a positive number of seconds, got '" + env.get(name) + "'");
    }
    return seconds;
  }

  private int number(String name, int fallback) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw new CliException(name + " must be a number, got '" + value.get() + "'");
    }
  }
}

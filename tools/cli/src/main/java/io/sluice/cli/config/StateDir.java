package io.sluice.cli.config;

import java.nio.file.Path;

/**
 * The layout of the state folder ({@code SLUICE_HOME}): {@code logs/<name>.log}, {@code
 * run/<name>.pid}, {@code data/<name>/} (kept by {@code down}), {@code conf/} (rewritten by every
 * {@code up}), {@code keys/} (the token signing key, kept until {@code down --purge}), {@code
 * admin.token} (rewritten by every {@code up}) and {@code secrets/<secret>/<key>} (the user's,
 * never touched by the CLI).
 */
public record StateDir(Path home) {

  public Path logs() {
    return home.resolve("logs");
  }

  public Path run() {
    return home.resolve("run");
  }

  public Path data() {
    return home.resolve("data");
  }

  public Path conf() {
    return home.resolve("conf");
  }

  /** Where local steps' secrets are: written by the user, read by trainer-launcher. */
  public Path secrets() {
    return home.resolve("secrets");
  }

  public Path logFile(String component) {
    return logs().resolve(component + ".log");
  }

  public Path pidFile(String component) {
    return run().resolve(component + ".pid");
  }

  public Path dataOf(String component) {
    return data().resolve(component);
  }

  /** The key pair that signs local-mode tokens. */
  public Path keys() {
    return home.resolve("keys");
  }

  /** The admin token {@code up} writes, readable by its owner only. */
  public Path adminToken() {
    return home.resolve("admin.token");
  }
}

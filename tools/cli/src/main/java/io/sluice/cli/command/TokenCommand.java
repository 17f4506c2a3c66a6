package io.sluice.cli.command;

import io.sluice.cli.CliException;
import io.sluice.cli.config.Settings;
import io.sluice.cli.security.LocalTokens;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;

/**
 * {@code token}: prints a bearer token signed with the local key, and nothing else, so that {@code
 * TOKEN=$(./sluice token --role viewer)} works.
 */
public final class TokenCommand {

  private final Settings settings;
  private final PrintStream out;

  public TokenCommand(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public int run(Set<String> roles, Duration ttl, String subject) {
    try {
      out.println(new LocalTokens(settings.stateDir()).mint(subject, roles, ttl));
      return 0;
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}

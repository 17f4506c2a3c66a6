package io.sluice.cli.args;

import io.sluice.security.Roles;
import io.sluice.security.tokens.Lifetimes;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of {@code token}: {@code --role R} (repeatable or comma-separated; default {@code
 * admin}), {@code --ttl D} (default 12h) and {@code --subject S} (default {@code local-<roles>}).
 */
final class TokenArguments {

  static final Duration DEFAULT_TTL = Duration.ofHours(12);

  private TokenArguments() {}

  static Invocation.Token parse(List<String> rest) {
    Set<String> roles = new LinkedHashSet<>();
    Duration ttl = DEFAULT_TTL;
    String subject = null;
    for (int i = 0; i < rest.size(); i++) {
      String option = rest.get(i);
      if (!Set.of("--role", "--ttl", "--subject").contains(option)) {
        throw new UsageException(
            "unexpected argument '" + option + "' for 'token'; it takes: --role, --ttl, --subject");
      }
      if (i + 1 >= rest.size()) {
        throw new UsageException("'" + option + "' needs a value, e.g. " + example(option));
      }
      String value = rest.get(++i);
      switch (option) {
        case "--role" -> roles.addAll(roles(value));
        case "--ttl" -> ttl = lifetime(value);
        default -> subject = value;
      }
    }
    if (roles.isEmpty()) {
      roles.add(Roles.ADMIN);
    }
    return new Invocation.Token(
        Set.copyOf(roles), ttl, subject == null ? "local-" + String.join("-", roles) : subject);
  }

  private static Set<String> roles(String value) {
    Set<String> roles = new LinkedHashSet<>();
    for (String role : value.split(",", -1)) {
      if (!Roles.isKnown(role.strip())) {
        throw new UsageException(
            "unknown role '" + role + "'; roles are " + String.join(", ", Roles.ALL));
      }
      roles.add(role.strip());
    }
    return roles;
  }

  private static Duration lifetime(String value) {
    try {
      return Lifetimes.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static String example(String option) {
    return switch (option) {
      case "--role" -> "--role viewer";
      case "--ttl" -> "--ttl 30m";
      default -> "--subject ada";
    };
  }
}

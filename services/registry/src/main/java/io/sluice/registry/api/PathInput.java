package io.sluice.registry.api;

import io.sluice.registry.ModelNames;
import jakarta.ws.rs.core.Response.Status;

/**
 * Checks untrusted path and query input before it reaches a query. A value that can never name
 * anything is a 400; only well-formed names can be a 404.
 */
final class PathInput {

  private static final int MAX_VERSION_DIGITS = 9;

  private PathInput() {}

  static String modelName(String name) {
    if (!ModelNames.isModelName(name)) {
      throw new ProblemException(
          Status.BAD_REQUEST, "'" + ModelNames.shown(name) + "' is not a model name");
    }
    return name;
  }

  static String alias(String alias) {
    if (!ModelNames.isAlias(alias)) {
      throw new ProblemException(
          Status.BAD_REQUEST, "'" + ModelNames.shown(alias) + "' is not an alias name");
    }
    return alias;
  }

  /** A version number; 0 and above, so that a well-formed but impossible number is a 404. */
  static int version(String text, String what) {
    if (text == null
        || text.isEmpty()
        || text.length() > MAX_VERSION_DIGITS
        || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ProblemException(
          Status.BAD_REQUEST, what + " '" + ModelNames.shown(text) + "' is not a version number");
    }
    return Integer.parseInt(text);
  }

  static int limit(String text, int defaultLimit, int maxLimit) {
    if (text == null) {
      return defaultLimit;
    }
    int limit = text.matches("[0-9]{1,4}") ? Integer.parseInt(text) : -1;
    if (limit < 1 || limit > maxLimit) {
      throw new ProblemException(
          Status.BAD_REQUEST, "limit must be a number between 1 and " + maxLimit);
    }
    return limit;
  }
}

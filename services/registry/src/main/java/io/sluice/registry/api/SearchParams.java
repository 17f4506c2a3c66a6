package io.sluice.registry.api;

import io.sluice.events.Verdict;
import io.sluice.registry.ModelNames;
import io.sluice.registry.version.VersionSearch;
import io.sluice.registry.version.VersionSearch.MetricBound;
import io.sluice.registry.version.VersionSearch.Operator;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response.Status;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the query of a version search. Every refusal is a 400 whose detail starts with the
 * parameter's name; an unknown parameter is refused too, so that a typo ({@code metrics=}) does not
 * silently return every version.
 */
final class SearchParams {

  static final Set<String> NAMES =
      Set.of(
          "after",
          "limit",
          "metric",
          "alias",
          "datasetVersion",
          "runId",
          "verdict",
          "registeredAfter",
          "registeredBefore");

  static final int MAX_METRIC_BOUNDS = 10;

  private static final Pattern BOUND =
      Pattern.compile("([A-Za-z0-9_.:/-]{1,128})(>=|<=|>|<|=)([-+0-9.eE]{1,32})");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private SearchParams() {}

  static VersionSearch read(MultivaluedMap<String, String> query) {
    for (String name : query.keySet()) {
      if (!NAMES.contains(name)) {
        throw bad(
            "unknown query parameter '" + ModelNames.shown(name) + "' (allowed: " + NAMES + ")");
      }
    }
    String alias = single(query, "alias");
    return new VersionSearch(
        metrics(query.get("metric")),
        alias == null ? null : alias(alias),
        id(query, "datasetVersion"),
        id(query, "runId"),
        verdict(single(query, "verdict")),
        instant(query, "registeredAfter"),
        instant(query, "registeredBefore"));
  }

  /** The one value of a parameter that may be given once, or null. */
  static String single(MultivaluedMap<String, String> query, String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw bad(name + " is given " + values.size() + " times; give it once");
    }
    return values.get(0);
  }

  private static List<MetricBound> metrics(List<String> values) {
    if (values == null) {
      return List.of();
    }
    if (values.size() > MAX_METRIC_BOUNDS) {
      throw bad("metric is given " + values.size() + " times; at most " + MAX_METRIC_BOUNDS);
    }
    List<MetricBound> bounds = new ArrayList<>();
    for (String value : values) {
      bounds.add(bound(value));
    }
    return bounds;
  }

  private static MetricBound bound(String text) {
    Matcher matcher = BOUND.matcher(text);
    if (matcher.matches()) {
      try {
        double value = Double.parseDouble(matcher.group(3));
        if (Double.isFinite(value)) {
          return new MetricBound(matcher.group(1), operator(matcher.group(2)), value);
        }
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw bad(
        "metric '"
            + ModelNames.shown(text)
            + "' is not <name><op><number> with op one of >=, <=, >, <, = (e.g. accuracy>=0.95)");
  }

  private static Operator operator(String symbol) {
    for (Operator operator : Operator.values()) {
      if (operator.symbol().equals(symbol)) {
        return operator;
      }
    }
    throw new IllegalStateException("the pattern admits only known operators: " + symbol);
  }

  private static String alias(String text) {
    if (!ModelNames.isAlias(text)) {
      throw bad("alias '" + ModelNames.shown(text) + "' is not an alias name");
    }
    return text;
  }

  private static String id(MultivaluedMap<String, String> query, String name) {
    String text = single(query, name);
    if (text != null && !ID.matcher(text).matches()) {
      throw bad(name + " '" + ModelNames.shown(text) + "' is not a valid " + name);
    }
    return text;
  }

  private static Verdict verdict(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.toUpperCase(Locale.ROOT)) {
      case "APPROVED" -> Verdict.APPROVED;
      case "REJECTED" -> Verdict.REJECTED;
      default -> throw bad("verdict '" + ModelNames.shown(text) + "' is not approved or rejected");
    };
  }

  private static Instant instant(MultivaluedMap<String, String> query, String name) {
    String text = single(query, name);
    if (text == null) {
      return null;
    }
    try {
      if (text.length() <= 64) {
        return Instant.parse(text);
      }
    } catch (DateTimeParseException e) {
      // refused below
    }
    throw bad(
        name
            + " '"
            + ModelNames.shown(text)
            + "' is not an ISO-8601 instant such as 2026-12-01T00:00:00Z");
  }

  private static ProblemException bad(String detail) {
    return new ProblemException(Status.BAD_REQUEST, detail);
  }
}

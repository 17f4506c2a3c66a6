package io.sluice.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.events.GateRule;
import io.sluice.registry.ModelNames;
import jakarta.ws.rs.core.Response.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code PUT .../gate-policy}: {@code {"rules": [{"metric", "min"?, "max"?,
 * "minGainOverChampion"?}, ...]}}, the pipeline gate's vocabulary. Anything else is refused with a
 * 400 that names the offending place, so a typo ({@code "mni"}) or a quoted number can never
 * silently leave a bound out of a policy that is meant to hold models back.
 */
final class GatePolicyRequest {

  /** The largest accepted body. */
  static final int MAX_BYTES = 64 * 1024;

  /** The most rules one policy may have. */
  static final int MAX_RULES = 100;

  /** The longest metric name, as the launcher accepts from a step's metrics file. */
  static final int MAX_METRIC_CHARS = 128;

  private static final Set<String> RULE_FIELDS =
      Set.of("metric", "min", "max", "minGainOverChampion");
  private static final String SHAPE = "{\"rules\": [{\"metric\": \"accuracy\", \"min\": 0.9}]}";

  private GatePolicyRequest() {}

  /** The rules a request body gives; a problem (400) for anything but exactly that shape. */
  static List<GateRule> rules(InputStream body) {
    JsonNode request = RequestBody.object(body, MAX_BYTES, SHAPE);
    onlyFields(request, Set.of("rules"), "the body");
    JsonNode rules = request.get("rules");
    if (rules == null || !rules.isArray()) {
      throw badRequest("rules must be an array (possibly empty), e.g. " + SHAPE);
    }
    if (rules.size() > MAX_RULES) {
      throw badRequest("a gate policy may have at most " + MAX_RULES + " rules");
    }
    List<GateRule> parsed = new ArrayList<>(rules.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      GateRule rule = rule(rules.get(i), "rules[" + i + "]");
      Integer first = seen.putIfAbsent(rule.metric(), i);
      if (first != null) {
        throw badRequest(
            "rules["
                + i
                + "]: metric '"
                + rule.metric()
                + "' already has rules["
                + first
                + "]; give each metric one rule, with min and max if both apply");
      }
      parsed.add(rule);
    }
    return parsed;
  }

  private static GateRule rule(JsonNode node, String where) {
    if (!node.isObject()) {
      throw badRequest(
          where + " must be an object such as {\"metric\": \"accuracy\", \"min\": 0.9}");
    }
    onlyFields(node, RULE_FIELDS, where);
    String metric = metric(node.get("metric"), where);
    Double min = number(node.get("min"), where + ".min");
    Double max = number(node.get("max"), where + ".max");
    Double gain = number(node.get("minGainOverChampion"), where + ".minGainOverChampion");
    try {
      return new GateRule(metric, min, max, gain);
    } catch (IllegalArgumentException e) {
      throw badRequest(where + ": " + e.getMessage());
    }
  }

  private static String metric(JsonNode node, String where) {
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw badRequest(where + ".metric must be a non-blank string");
    }
    String metric = node.asText();
    if (metric.length() > MAX_METRIC_CHARS || metric.chars().anyMatch(Character::isISOControl)) {
      throw badRequest(
          where
              + ".metric '"
              + ModelNames.shown(metric)
              + "' is too long or has control"
              + " characters (at most "
              + MAX_METRIC_CHARS
              + " characters)");
    }
    return metric;
  }

  /** A bound: absent or null for none, else a finite JSON number (never a quoted one). */
  private static Double number(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      throw badRequest(where + " must be a finite number or null");
    }
    return node.doubleValue();
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
    Iterator<String> fields = node.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!allowed.contains(field)) {
        throw badRequest(
            "unknown field '"
                + ModelNames.shown(field)
                + "' in "
                + where
                + "; allowed: "
                + allowed.stream().sorted().toList());
      }
    }
  }

  private static ProblemException badRequest(String detail) {
    return new ProblemException(Status.BAD_REQUEST, detail);
  }
}

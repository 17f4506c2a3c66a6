package io.sluice.orchestrator.spec;

import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code model.serving}: how the gateway rolls an approved version out. A key left out takes
 * {@link RolloutAnalysis#DEFAULT}'s value (or the strategy's default), so that tuning one limit
 * never silently switches the others off; an optional limit is switched off by writing {@code
 * null}. Every refusal names the line, including those of the event records' own checks.
 */
final class ServingParser {

  private static final Set<String> KEYS =
      Set.of("strategy", "steps", "stepSeconds", "shadowPercent", "analysis");
  private static final Set<String> ANALYSIS_KEYS =
      Set.of(
          "minRequests",
          "maxErrorRate",
          "maxLatencyP99Millis",
          "maxErrorRateOverStable",
          "maxLatencyP99Ratio",
          "latencyP99ToleranceMillis",
          "minAgreement",
          "failedChecksToRollback");

  /** The window when the spec names none, as long as {@link RolloutSpec#IMMEDIATE}'s. */
  static final int DEFAULT_STEP_SECONDS = 60;

  /** A day: a longer window is a rollout nobody watches to its end. */
  static final int MAX_STEP_SECONDS = 86_400;

  static final int DEFAULT_SHADOW_PERCENT = 100;
  static final int MAX_MIN_REQUESTS = 10_000_000;
  static final int MAX_FAILED_CHECKS = 100;

  private ServingParser() {}

  /** The section's rollout, or null when the model has no {@code serving} section. */
  static RolloutSpec parse(Node node) throws SpecException {
    if (node == null) {
      return null;
    }
    Map<String, Node> entries = YamlNode.mapping(node, "model serving", KEYS);
    RolloutStrategy strategy =
        strategy(YamlNode.required(entries, "strategy", node, "model serving"));
    if (strategy == RolloutStrategy.IMMEDIATE) {
      refuseAll(entries, Set.of("steps", "stepSeconds", "shadowPercent", "analysis"), strategy);
    }
    if (strategy != RolloutStrategy.SHADOW) {
      refuseAll(entries, Set.of("shadowPercent"), strategy);
    }
    List<Integer> steps = steps(entries.get("steps"), strategy, node);
    int stepSeconds =
        orDefault(
            entries.get("stepSeconds"),
            "serving stepSeconds",
            1,
            MAX_STEP_SECONDS,
            DEFAULT_STEP_SECONDS);
    int shadowPercent =
        strategy == RolloutStrategy.SHADOW
            ? orDefault(
                entries.get("shadowPercent"),
                "serving shadowPercent",
                1,
                100,
                DEFAULT_SHADOW_PERCENT)
            : 0;
    RolloutAnalysis analysis = analysis(entries.get("analysis"), strategy);
    try {
      return new RolloutSpec(strategy, steps, stepSeconds, shadowPercent, analysis);
    } catch (IllegalArgumentException e) {
      throw new SpecException(YamlNode.line(node), "model serving: " + e.getMessage());
    }
  }

  private static RolloutStrategy strategy(Node node) throws SpecException {
    String text = YamlNode.text(node, "serving strategy");
    for (RolloutStrategy strategy : RolloutStrategy.values()) {
      if (strategy.name().toLowerCase(Locale.ROOT).equals(text)) {
        return strategy;
      }
    }
    throw new SpecException(
        YamlNode.line(node),
        "serving strategy '" + Names.abbreviate(text) + "' is not immediate, canary or shadow");
  }

  private static void refuseAll(Map<String, Node> entries, Set<String> keys, RolloutStrategy s)
      throws SpecException {
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      if (keys.contains(entry.getKey())) {
        throw new SpecException(
            YamlNode.line(entry.getValue()),
            "serving "
                + entry.getKey()
                + " has no effect on a "
                + s.name().toLowerCase(Locale.ROOT)
                + " rollout");
      }
    }
  }

  /** Strictly increasing weights in [1, 100]; required by canary, optional after a shadow. */
  private static List<Integer> steps(Node node, RolloutStrategy strategy, Node parent)
      throws SpecException {
    if (node == null) {
      if (strategy == RolloutStrategy.CANARY) {
        throw new SpecException(YamlNode.line(parent), "a canary rollout needs 'steps'");
      }
      return List.of();
    }
    List<Integer> steps = new ArrayList<>();
    int previous = 0;
    for (Node item : YamlNode.sequence(node, "serving steps")) {
      int step = YamlNode.integer(item, "a serving step", 1, 100);
      if (step <= previous) {
        throw new SpecException(
            YamlNode.line(item),
            "serving steps must increase strictly, but " + step + " follows " + previous);
      }
      steps.add(step);
      previous = step;
    }
    if (steps.isEmpty()) {
      throw new SpecException(
          YamlNode.line(node), "serving steps must not be empty (leave them out instead)");
    }
    return steps;
  }

  private static RolloutAnalysis analysis(Node node, RolloutStrategy strategy)
      throws SpecException {
    RolloutAnalysis d = RolloutAnalysis.DEFAULT;
    if (node == null) {
      return d;
    }
    Map<String, Node> entries = YamlNode.mapping(node, "serving analysis", ANALYSIS_KEYS);
    Node agreement = entries.get("minAgreement");
    if (agreement != null && strategy != RolloutStrategy.SHADOW) {
      throw new SpecException(
          YamlNode.line(agreement),
          "serving analysis minAgreement applies to shadow rollouts only");
    }
    try {
      return new RolloutAnalysis(
          orDefault(
              entries.get("minRequests"),
              "serving analysis minRequests",
              1,
              MAX_MIN_REQUESTS,
              (int) d.minRequests()),
          share(entries, "maxErrorRate", d.maxErrorRate()),
          positive(entries, "maxLatencyP99Millis", d.maxLatencyP99Millis()),
          share(entries, "maxErrorRateOverStable", d.maxErrorRateOverStable()),
          positive(entries, "maxLatencyP99Ratio", d.maxLatencyP99Ratio()),
          limit(entries, "latencyP99ToleranceMillis", d.latencyP99ToleranceMillis()),
          share(entries, "minAgreement", d.minAgreement()),
          orDefault(
              entries.get("failedChecksToRollback"),
              "serving analysis failedChecksToRollback",
              1,
              MAX_FAILED_CHECKS,
              d.failedChecksToRollback()));
    } catch (IllegalArgumentException e) {
      // Every value was checked with its line above; this is the records' last word.
      throw new SpecException(YamlNode.line(node), "serving analysis: " + e.getMessage());
    }
  }

  private static int orDefault(Node node, String what, int min, int max, int fallback)
      throws SpecException {
    return node == null ? fallback : YamlNode.integer(node, what, min, max);
  }

  /** A share in [0, 1]; {@code null} switches the limit off. */
  private static Double share(Map<String, Node> entries, String key, Double fallback)
      throws SpecException {
    Double value = limit(entries, key, fallback);
    if (value != null && value > 1) {
      throw new SpecException(
          YamlNode.line(entries.get(key)),
          "serving analysis " + key + " must be between 0 and 1, got " + value);
    }
    return value;
  }

  /** A positive number; {@code null} switches the limit off. */
  private static Double positive(Map<String, Node> entries, String key, Double fallback)
      throws SpecException {
    Double value = limit(entries, key, fallback);
    if (value != null && value == 0) {
      throw new SpecException(
          YamlNode.line(entries.get(key)),
          "serving analysis " + key + " must be above 0, got " + value);
    }
    return value;
  }

  private static Double limit(Map<String, Node> entries, String key, Double fallback)
      throws SpecException {
    Node node = entries.get(key);
    if (node == null) {
      return fallback;
    }
    if (YamlNode.isNull(node)) {
      return null;
    }
    double value = YamlNode.number(node, "serving analysis " + key);
    if (value < 0) {
      throw new SpecException(
          YamlNode.line(node), "serving analysis " + key + " must not be negative, got " + value);
    }
    return value;
  }
}

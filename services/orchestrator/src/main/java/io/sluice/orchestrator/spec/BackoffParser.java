package io.sluice.orchestrator.spec;

import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a step's {@code retryBackoff: {initial, factor, max}}. */
final class BackoffParser {

  static final double DEFAULT_FACTOR = 2.0;

  /** The cap when {@code max} is not written (or {@code initial}, when that is longer). */
  static final long DEFAULT_MAX_SECONDS = 3600;

  private static final Set<String> KEYS = Set.of("initial", "factor", "max");

  private BackoffParser() {}

  /**
   * The backoff of a step with {@code retries} retries; {@link RetryBackoff#IMMEDIATE} when {@code
   * node} is null (the key is absent).
   */
  static RetryBackoff parse(Node node, int retries, String step) throws SpecException {
    if (node == null) {
      return RetryBackoff.IMMEDIATE;
    }
    String what = step + " retryBackoff";
    Map<String, Node> entries = YamlNode.mapping(node, what, KEYS);
    if (retries == 0) {
      throw new SpecException(
          YamlNode.line(node),
          what + " needs retries: a backoff only spaces out retries (set retries: 1 to 10)");
    }
    long initial =
        DurationText.read(YamlNode.required(entries, "initial", node, what), what + " initial");
    double factor = factor(entries.get("factor"), what);
    Node maxNode = entries.get("max");
    if (maxNode == null) {
      return new RetryBackoff(initial, factor, Math.max(initial, DEFAULT_MAX_SECONDS));
    }
    long max = DurationText.read(maxNode, what + " max");
    if (max < initial) {
      throw new SpecException(
          YamlNode.line(maxNode),
          what + " max (" + max + "s) must not be below initial (" + initial + "s)");
    }
    return new RetryBackoff(initial, factor, max);
  }

  private static double factor(Node node, String what) throws SpecException {
    if (node == null) {
      return DEFAULT_FACTOR;
    }
    double factor = YamlNode.number(node, what + " factor");
    if (factor < 1) {
      throw new SpecException(
          YamlNode.line(node),
          what + " factor must be at least 1 (1 keeps the delay constant), got " + factor);
    }
    return factor;
  }
}

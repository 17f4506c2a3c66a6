package io.sluice.orchestrator.spec;

import io.sluice.events.GateRule;
import io.sluice.events.RolloutSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code model} section and its gate rules: absolute bounds ({@code min}, {@code max})
 * and a comparison with the serving champion ({@code minGainOverChampion}); its {@code serving}
 * section is {@link ServingParser}'s.
 */
final class ModelParser {

  private static final Set<String> KEYS = Set.of("name", "artifact", "metrics", "gate", "serving");
  private static final Set<String> RULE_KEYS =
      Set.of("metric", "min", "max", "minGainOverChampion");

  private ModelParser() {}

  static ModelSpec parse(Node node) throws SpecException {
    Map<String, Node> entries = YamlNode.mapping(node, "model", KEYS);
    String name = Names.qualified(YamlNode.required(entries, "name", node, "model"), "model name");
    Node artifactNode = YamlNode.required(entries, "artifact", node, "model");
    InputRef artifact = StepParser.inputRef(artifactNode, "model artifact");
    if (artifact.isDataset() || artifact.isUpstream()) {
      throw new SpecException(
          artifact.line(),
          "model artifact must be '<step>.<output>' of this pipeline, not the dataset or an upstream run");
    }
    Node metricsNode = YamlNode.required(entries, "metrics", node, "model");
    String metricsStep = Names.identifier(metricsNode, "model metrics step");
    Node gateNode = entries.get("gate");
    List<GateRule> gate = gateNode == null ? List.of() : gate(gateNode);
    RolloutSpec serving = ServingParser.parse(entries.get("serving"));
    return new ModelSpec(name, artifact, metricsStep, YamlNode.line(metricsNode), gate, serving);
  }

  private static List<GateRule> gate(Node node) throws SpecException {
    List<GateRule> rules = new ArrayList<>();
    for (Node item : YamlNode.sequence(node, "model gate")) {
      rules.add(rule(item));
    }
    return rules;
  }

  private static GateRule rule(Node node) throws SpecException {
    Map<String, Node> entries = YamlNode.anyMapping(node, "a gate rule");
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      if (!RULE_KEYS.contains(entry.getKey())) {
        throw new SpecException(
            YamlNode.line(entry.getValue()),
            "unknown comparison '"
                + Names.abbreviate(entry.getKey())
                + "' in a gate rule: use min, max and/or minGainOverChampion");
      }
    }
    String metric =
        YamlNode.text(YamlNode.required(entries, "metric", node, "a gate rule"), "gate metric");
    Double min = bound(entries.get("min"), "gate min of '" + metric + "'");
    Double max = bound(entries.get("max"), "gate max of '" + metric + "'");
    Double gain =
        bound(entries.get("minGainOverChampion"), "gate minGainOverChampion of '" + metric + "'");
    if (min == null && max == null && gain == null) {
      throw new SpecException(
          YamlNode.line(node),
          "gate rule for '" + metric + "' needs a min or a max, or a minGainOverChampion");
    }
    if (min != null && max != null && min > max) {
      throw new SpecException(
          YamlNode.line(node),
          "gate rule for '" + metric + "' has min " + min + " above max " + max);
    }
    return new GateRule(metric, min, max, gain);
  }

  private static Double bound(Node node, String what) throws SpecException {
    return node == null ? null : YamlNode.number(node, what);
  }
}

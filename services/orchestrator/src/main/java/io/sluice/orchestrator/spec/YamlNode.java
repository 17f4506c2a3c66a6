package io.sluice.orchestrator.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of SnakeYAML nodes that fail with the node's line and what was expected, so every
 * refusal of a spec points at the line to fix.
 */
final class YamlNode {

  private YamlNode() {}

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** A mapping's entries by key, refusing non-string keys, duplicates and unknown keys. */
  static Map<String, Node> mapping(Node node, String what, Set<String> allowed)
      throws SpecException {
    Map<String, Node> entries = anyMapping(node, what);
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw new SpecException(
            line(entry.getValue()),
            "unknown key '" + entry.getKey() + "' in " + what + " (allowed: " + allowed + ")");
      }
    }
    return entries;
  }

  /** A mapping with any string keys, in document order. */
  static Map<String, Node> anyMapping(Node node, String what) throws SpecException {
    if (!(node instanceof MappingNode mapping)) {
      throw wrongType(node, what, "a mapping");
    }
    Map<String, Node> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = keyOf(tuple.getKeyNode(), what);
      if (entries.put(key, tuple.getValueNode()) != null) {
        throw new SpecException(line(tuple.getKeyNode()), "duplicate key '" + key + "' in " + what);
      }
    }
    return entries;
  }

  static Node required(Map<String, Node> entries, String key, Node parent, String what)
      throws SpecException {
    Node value = entries.get(key);
    if (value == null) {
      throw new SpecException(line(parent), what + " needs '" + key + "'");
    }
    return value;
  }

  /** Whether the node is YAML's {@code null} ({@code null}, {@code ~} or nothing). */
  static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  static List<Node> sequence(Node node, String what) throws SpecException {
    if (!(node instanceof SequenceNode sequence)) {
      throw wrongType(node, what, "a list");
    }
    return new ArrayList<>(sequence.getValue());
  }

  /** A non-empty string (a plain scalar of any type is taken as its text). */
  static String text(Node node, String what) throws SpecException {
    if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
      throw wrongType(node, what, "a string");
    }
    if (scalar.getValue().isBlank()) {
      throw new SpecException(line(node), what + " must not be blank");
    }
    return scalar.getValue();
  }

  /** A string that may be empty (e.g. a param default). */
  static String scalarText(Node node, String what) throws SpecException {
    if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
      throw wrongType(node, what, "a string, number or boolean");
    }
    return scalar.getValue();
  }

  static int integer(Node node, String what, int min, int max) throws SpecException {
    if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
      throw wrongType(node, what, "an integer");
    }
    long value;
    try {
      value = Long.parseLong(scalar.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      throw wrongType(node, what, "a decimal integer");
    }
    if (value < min || value > max) {
      throw new SpecException(
          line(node), what + " must be between " + min + " and " + max + ", got " + value);
    }
    return (int) value;
  }

  /**
   * {@code true} or {@code false}, exactly: YAML 1.1's other spellings ({@code yes}, {@code off},
   * {@code True}) are refused, so that no one wonders what a quoted {@code "no"} means.
   */
  static boolean bool(Node node, String what) throws SpecException {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
      if (scalar.getValue().equals("true")) {
        return true;
      }
      if (scalar.getValue().equals("false")) {
        return false;
      }
    }
    throw wrongType(node, what, "true or false");
  }

  static double number(Node node, String what) throws SpecException {
    if (!(node instanceof ScalarNode scalar)
        || !(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
      throw wrongType(node, what, "a number");
    }
    try {
      double value = Double.parseDouble(scalar.getValue().replace("_", ""));
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal below
    }
    throw wrongType(node, what, "a finite decimal number");
  }

  private static String keyOf(Node key, String what) throws SpecException {
    if (!(key instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
      throw new SpecException(line(key), "keys of " + what + " must be plain strings");
    }
    return scalar.getValue();
  }

  static SpecException wrongType(Node node, String what, String expected) {
    return new SpecException(line(node), what + " must be " + expected + ", got " + kind(node));
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return "nothing (null)";
    }
    return "'" + Names.abbreviate(((ScalarNode) node).getValue()) + "'";
  }
}

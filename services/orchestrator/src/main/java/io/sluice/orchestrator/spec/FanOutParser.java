package io.sluice.orchestrator.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a step's {@code fanOut}: {@code items} (a list of maps of strings) or {@code over} (another
 * fanned-out step), and an optional {@code parallelism}. What spans steps is checked by {@link
 * FanOutRules}.
 */
final class FanOutParser {

  /** The most items one fan-out may have: each is a step run with its own row and attempts. */
  static final int MAX_ITEMS = 100;

  static final int MAX_KEYS = 32;
  static final int MAX_VALUE_CHARS = 1024;

  private static final Set<String> KEYS = Set.of("items", "over", "parallelism");

  private FanOutParser() {}

  /** The fan-out, or null when {@code node} is absent. */
  static FanOut parse(Node node, String what) throws SpecException {
    if (node == null) {
      return null;
    }
    String where = what + " fanOut";
    Map<String, Node> entries = YamlNode.mapping(node, where, KEYS);
    Node items = entries.get("items");
    Node over = entries.get("over");
    if ((items == null) == (over == null)) {
      throw new SpecException(
          YamlNode.line(node), where + " needs either 'items' or 'over' (another fanned-out step)");
    }
    Node parallelism = entries.get("parallelism");
    return new FanOut(
        items == null ? List.of() : items(items, where),
        over == null ? null : Names.identifier(over, where + " over"),
        parallelism == null
            ? 0
            : YamlNode.integer(parallelism, where + " parallelism", 1, MAX_ITEMS),
        YamlNode.line(node),
        -1);
  }

  private static List<Map<String, String>> items(Node node, String where) throws SpecException {
    List<Node> nodes = YamlNode.sequence(node, where + " items");
    if (nodes.isEmpty() || nodes.size() > MAX_ITEMS) {
      throw new SpecException(
          YamlNode.line(node),
          where + " items must hold 1 to " + MAX_ITEMS + " items, got " + nodes.size());
    }
    List<Map<String, String>> items = new ArrayList<>();
    for (int index = 0; index < nodes.size(); index++) {
      Map<String, String> item = item(nodes.get(index), where + " item " + index);
      int earlier = items.indexOf(item);
      if (earlier >= 0) {
        throw new SpecException(
            YamlNode.line(nodes.get(index)),
            where + " item " + index + " repeats item " + earlier + ": each would run the same");
      }
      items.add(item);
    }
    return items;
  }

  private static Map<String, String> item(Node node, String what) throws SpecException {
    Map<String, Node> entries = YamlNode.anyMapping(node, what);
    if (entries.isEmpty() || entries.size() > MAX_KEYS) {
      throw new SpecException(
          YamlNode.line(node),
          what + " must hold 1 to " + MAX_KEYS + " keys, got " + entries.size());
    }
    Map<String, String> item = new LinkedHashMap<>();
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      String key = Names.identifier(entry.getKey(), entry.getValue(), what + " key");
      if (key.equals(FanOutRules.INDEX)) {
        throw new SpecException(
            YamlNode.line(entry.getValue()),
            what + " key 'index' is reserved: {{item.index}} is the instance's number");
      }
      item.put(key, value(entry.getValue(), what + " " + key));
    }
    return item;
  }

  private static String value(Node node, String what) throws SpecException {
    String value = YamlNode.scalarText(node, what);
    if (value.length() > MAX_VALUE_CHARS) {
      throw new SpecException(
          YamlNode.line(node), what + " has more than " + MAX_VALUE_CHARS + " characters");
    }
    // An item's value lands in argv before params are substituted: it must not become a
    // placeholder there.
    if (value.contains("{{") || value.contains("}}")) {
      throw new SpecException(
          YamlNode.line(node), what + " must not hold '{{' or '}}' (placeholders)");
    }
    return value;
  }
}

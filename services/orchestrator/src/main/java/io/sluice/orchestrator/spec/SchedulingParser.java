package io.sluice.orchestrator.spec;

import io.sluice.events.Scheduling;
import io.sluice.events.StepToleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a step's {@code scheduling: {queue, priority, nodeSelector, tolerations}}: what the
 * Kubernetes executor adds to the cluster-wide settings for this step.
 */
final class SchedulingParser {

  static final int MAX_PRIORITY = 1000;
  static final int MAX_ENTRIES = 32;

  private static final Set<String> KEYS =
      Set.of("queue", "priority", "nodeSelector", "tolerations");

  /** A Kubernetes label key (optional DNS prefix) or value; also a Kueue LocalQueue name. */
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
  private static final Pattern QUEUE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private SchedulingParser() {}

  /**
   * The scheduling written at {@code node} on top of {@code defaults} (the pipeline's, or null):
   * its own queue and priority win, node selector entries and tolerations add. Null when neither is
   * there (the key is absent everywhere).
   */
  static Scheduling parse(Node node, String owner, Scheduling defaults) throws SpecException {
    if (node == null) {
      return defaults;
    }
    String what = owner + " scheduling";
    Map<String, Node> entries = YamlNode.mapping(node, what, KEYS);
    Scheduling base = defaults == null ? new Scheduling(null, 0, Map.of(), List.of()) : defaults;
    String queue = queue(entries.get("queue"), what);
    Node priority = entries.get("priority");
    Map<String, String> selector = new LinkedHashMap<>(base.nodeSelector());
    selector.putAll(nodeSelector(entries.get("nodeSelector"), what));
    List<StepToleration> tolerations = new ArrayList<>(base.tolerations());
    tolerations.addAll(tolerations(entries.get("tolerations"), what));
    return new Scheduling(
        queue == null ? base.queue() : queue,
        priority == null
            ? base.priority()
            : YamlNode.integer(priority, what + " priority", -MAX_PRIORITY, MAX_PRIORITY),
        selector,
        tolerations);
  }

  private static String queue(Node node, String what) throws SpecException {
    if (node == null) {
      return null;
    }
    String queue = YamlNode.text(node, what + " queue");
    if (!QUEUE.matcher(queue).matches()) {
      throw new SpecException(
          YamlNode.line(node),
          what
              + " queue must be a Kubernetes name like gpu-team-a, got '"
              + Names.abbreviate(queue)
              + "'");
    }
    return queue;
  }

  private static Map<String, String> nodeSelector(Node node, String what) throws SpecException {
    Map<String, String> selector = new LinkedHashMap<>();
    if (node == null) {
      return selector;
    }
    Map<String, Node> entries = YamlNode.anyMapping(node, what + " nodeSelector");
    limit(node, entries.size(), what + " nodeSelector");
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      String value =
          YamlNode.scalarText(entry.getValue(), what + " nodeSelector " + entry.getKey());
      label(entry.getValue(), entry.getKey(), value, what + " nodeSelector");
      selector.put(entry.getKey(), value);
    }
    return selector;
  }

  private static List<StepToleration> tolerations(Node node, String what) throws SpecException {
    List<StepToleration> tolerations = new ArrayList<>();
    if (node == null) {
      return tolerations;
    }
    List<Node> items = YamlNode.sequence(node, what + " tolerations");
    limit(node, items.size(), what + " tolerations");
    for (Node item : items) {
      tolerations.add(toleration(item, what + " toleration"));
    }
    return tolerations;
  }

  /** {@code key[=value]:Effect}, the way {@code kubectl taint} writes the taint it tolerates. */
  private static StepToleration toleration(Node node, String what) throws SpecException {
    String text = YamlNode.text(node, what);
    StepToleration toleration;
    try {
      toleration = StepToleration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new SpecException(
          YamlNode.line(node),
          what
              + " must be key[=value]:Effect with Effect one of NoSchedule, PreferNoSchedule,"
              + " NoExecute, got '"
              + Names.abbreviate(text)
              + "'");
    }
    label(node, toleration.key(), toleration.value() == null ? "" : toleration.value(), what);
    return toleration;
  }

  private static void label(Node node, String key, String value, String what) throws SpecException {
    if (!LABEL_KEY.matcher(key).matches() || !LABEL_VALUE.matcher(value).matches()) {
      throw new SpecException(
          YamlNode.line(node),
          what
              + " '"
              + Names.abbreviate(key)
              + "="
              + Names.abbreviate(value)
              + "' is not a Kubernetes label key and value");
    }
  }

  private static void limit(Node node, int size, String what) throws SpecException {
    if (size > MAX_ENTRIES) {
      throw new SpecException(
          YamlNode.line(node), what + " has " + size + " entries, at most " + MAX_ENTRIES);
    }
  }
}

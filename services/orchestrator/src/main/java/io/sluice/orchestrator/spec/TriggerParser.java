package io.sluice.orchestrator.spec;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code trigger} (the dataset, cron schedules, an upstream pipeline, {@code onRegister}),
 * refusing what cannot fire: a bad cron, an unknown zone or policy, a repeated schedule name, too
 * many schedules, a pipeline chained to itself.
 */
final class TriggerParser {

  /** The most schedules one pipeline may have. */
  static final int MAX_SCHEDULES = 20;

  private static final Set<String> TRIGGER_KEYS =
      Set.of("dataset", "schedules", "pipeline", "onRegister");
  private static final Set<String> SCHEDULE_KEYS =
      Set.of("name", "cron", "timezone", "concurrency");

  /** The trigger's dataset, and the rules it states. */
  record Trigger(String dataset, StartRules rules, boolean onRegister) {}

  private TriggerParser() {}

  static Trigger parse(Node trigger, String pipelineName) throws SpecException {
    Map<String, Node> entries = YamlNode.mapping(trigger, "trigger", TRIGGER_KEYS);
    String dataset =
        Names.qualified(
            YamlNode.required(entries, "dataset", trigger, "trigger"), "trigger dataset");
    List<ScheduleSpec> schedules = schedules(entries.get("schedules"));
    String upstream = upstream(entries.get("pipeline"), pipelineName);
    return new Trigger(
        dataset, new StartRules(schedules, upstream), onRegister(entries.get("onRegister")));
  }

  /**
   * {@code onRegister: latest} runs the pipeline on the dataset's latest version when registered.
   */
  private static boolean onRegister(Node node) throws SpecException {
    if (node == null) {
      return false;
    }
    String value = YamlNode.text(node, "trigger onRegister");
    if (!value.equals("latest")) {
      throw new SpecException(
          YamlNode.line(node),
          "trigger onRegister must be 'latest' (run on the dataset's latest version when the"
              + " pipeline is registered), not '"
              + value
              + "'");
    }
    return true;
  }

  private static String upstream(Node node, String pipelineName) throws SpecException {
    if (node == null) {
      return null;
    }
    String upstream = Names.qualified(node, "trigger pipeline");
    if (upstream.equals(pipelineName)) {
      throw new SpecException(
          YamlNode.line(node),
          "trigger pipeline names this pipeline itself: each run would start the next, forever");
    }
    return upstream;
  }

  private static List<ScheduleSpec> schedules(Node node) throws SpecException {
    if (node == null) {
      return List.of();
    }
    List<Node> items = YamlNode.sequence(node, "trigger schedules");
    if (items.isEmpty() || items.size() > MAX_SCHEDULES) {
      throw new SpecException(
          YamlNode.line(node),
          "trigger schedules must list 1 to " + MAX_SCHEDULES + " schedules, got " + items.size());
    }
    Map<String, Integer> lines = new HashMap<>();
    List<ScheduleSpec> schedules = new ArrayList<>();
    for (Node item : items) {
      ScheduleSpec schedule = schedule(item);
      Integer first = lines.putIfAbsent(schedule.name(), schedule.line());
      if (first != null) {
        throw new SpecException(
            schedule.line(),
            "duplicate schedule name '" + schedule.name() + "' (first on line " + first + ")");
      }
      schedules.add(schedule);
    }
    return schedules;
  }

  private static ScheduleSpec schedule(Node node) throws SpecException {
    Map<String, Node> entries = YamlNode.mapping(node, "a schedule", SCHEDULE_KEYS);
    String name =
        Names.identifier(YamlNode.required(entries, "name", node, "a schedule"), "schedule name");
    String what = "schedule '" + name + "'";
    Cron cron = cron(YamlNode.required(entries, "cron", node, what), what);
    Node zone = entries.get("timezone");
    Node policy = entries.get("concurrency");
    return new ScheduleSpec(
        name,
        cron,
        zone == null ? "UTC" : zone(zone, what),
        policy == null ? ConcurrencyPolicy.ALLOW : policy(policy, what),
        YamlNode.line(node));
  }

  private static Cron cron(Node node, String what) throws SpecException {
    String text = YamlNode.text(node, what + " cron");
    try {
      return Cron.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new SpecException(
          YamlNode.line(node),
          what
              + " cron '"
              + Names.abbreviate(text)
              + "' is not a five-field cron expression (minute hour day-of-month month"
              + " day-of-week): "
              + Names.abbreviate(String.valueOf(e.getMessage())));
    }
  }

  /** IANA region ids and UTC only: a fixed offset would silently ignore daylight saving time. */
  private static String zone(Node node, String what) throws SpecException {
    String text = YamlNode.text(node, what + " timezone");
    if (!text.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(text)) {
      throw new SpecException(
          YamlNode.line(node),
          what
              + " timezone '"
              + Names.abbreviate(text)
              + "' is not an IANA time zone id (e.g. Europe/Paris, America/New_York, UTC)");
    }
    return text;
  }

  private static ConcurrencyPolicy policy(Node node, String what) throws SpecException {
    String text = YamlNode.text(node, what + " concurrency");
    for (ConcurrencyPolicy policy : ConcurrencyPolicy.values()) {
      if (policy.text().equals(text)) {
        return policy;
      }
    }
    throw new SpecException(
        YamlNode.line(node),
        what
            + " concurrency must be allow, forbid or replace, got '"
            + Names.abbreviate(text)
            + "'");
  }
}

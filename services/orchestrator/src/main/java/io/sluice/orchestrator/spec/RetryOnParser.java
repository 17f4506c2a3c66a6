package io.sluice.orchestrator.spec;

import io.sluice.events.FailureReason;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;

/** Reads a step's {@code retryOn: {reasons: [...], exitCodes: [...]}}. */
final class RetryOnParser {

  private static final Set<String> KEYS = Set.of("reasons", "exitCodes");
  private static final int MAX_EXIT_CODES = 255;

  private RetryOnParser() {}

  /** The step's policy, or null when the spec does not write one (the defaults apply). */
  static RetryOn parse(Node node, int retries, String what) throws SpecException {
    if (node == null) {
      return null;
    }
    String where = what + " retryOn";
    Map<String, Node> entries = YamlNode.mapping(node, where, KEYS);
    if (entries.isEmpty()) {
      throw new SpecException(YamlNode.line(node), where + " must list reasons or exitCodes");
    }
    if (retries == 0) {
      throw new SpecException(
          YamlNode.line(node), where + " has no effect without retries (set retries: 1 or more)");
    }
    Set<FailureReason> reasons = reasons(entries.get("reasons"), where);
    Node codes = entries.get("exitCodes");
    if (codes != null && reasons != null && !reasons.contains(FailureReason.NONZERO_EXIT)) {
      throw new SpecException(
          YamlNode.line(codes),
          where + " exitCodes apply to NONZERO_EXIT, which its reasons do not list");
    }
    return new RetryOn(reasons, exitCodes(codes, where));
  }

  private static Set<FailureReason> reasons(Node node, String what) throws SpecException {
    if (node == null) {
      return null;
    }
    Set<FailureReason> reasons = EnumSet.noneOf(FailureReason.class);
    for (Node item : YamlNode.sequence(node, what + " reasons")) {
      FailureReason reason = reason(item, what);
      if (!reasons.add(reason)) {
        throw new SpecException(YamlNode.line(item), what + " lists reason " + reason + " twice");
      }
    }
    if (reasons.isEmpty()) {
      throw new SpecException(
          YamlNode.line(node),
          what + " reasons must not be empty (to retry nothing, drop retries)");
    }
    return reasons;
  }

  private static FailureReason reason(Node item, String what) throws SpecException {
    String text = YamlNode.text(item, what + " reason");
    try {
      return FailureReason.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new SpecException(
          YamlNode.line(item),
          what
              + " reason '"
              + Names.abbreviate(text)
              + "' is not one of "
              + Arrays.toString(FailureReason.values()));
    }
  }

  private static Set<Integer> exitCodes(Node node, String what) throws SpecException {
    if (node == null) {
      return null;
    }
    Set<Integer> codes = new TreeSet<>();
    var items = YamlNode.sequence(node, what + " exitCodes");
    if (items.size() > MAX_EXIT_CODES) {
      throw new SpecException(
          YamlNode.line(node), what + " exitCodes lists more than " + MAX_EXIT_CODES + " codes");
    }
    for (Node item : items) {
      int code = YamlNode.integer(item, what + " exit code", 1, 255);
      if (!codes.add(code)) {
        throw new SpecException(YamlNode.line(item), what + " lists exit code " + code + " twice");
      }
    }
    return codes;
  }
}

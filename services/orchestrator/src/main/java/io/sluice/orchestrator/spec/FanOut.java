package io.sluice.orchestrator.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step's {@code fanOut}: the step runs once per item, as instances named {@code <step>.<index>}
 * (a dot never appears in a step name, so an instance cannot collide with a step).
 *
 * @param items the items, each a map of strings, for {@code fanOut.items}; on a step that goes
 *     {@code over} another, empty in the registered spec and the root's items in an instance
 * @param over the fanned-out step whose instances this step follows one by one, or null
 * @param parallelism at most this many instances requested at once; 0 for all of them
 * @param line the YAML line of {@code fanOut}
 * @param index the instance's index, or -1 on the step as registered
 */
public record FanOut(
    List<Map<String, String>> items, String over, int parallelism, int line, int index) {

  public FanOut {
    // Unmodifiable but in spec order, so messages list an item's keys as written.
    items =
        items.stream().map(item -> Collections.unmodifiableMap(new LinkedHashMap<>(item))).toList();
  }

  /** The instance name of {@code step}'s instance {@code index}. */
  public static String instanceName(String step, int index) {
    return step + "." + index;
  }

  /** The step an instance name belongs to ({@code train} of {@code train.2}). */
  public static String stepOf(String instanceName) {
    int dot = instanceName.indexOf('.');
    return dot < 0 ? instanceName : instanceName.substring(0, dot);
  }

  /** This fan-out as seen by instance {@code index} of a fan-out over {@code rootItems}. */
  FanOut instance(List<Map<String, String>> rootItems, int index) {
    return new FanOut(rootItems, over, parallelism, line, index);
  }

  public boolean isInstance() {
    return index >= 0;
  }

  /** The instance's item ({@code {{item.*}}}); empty on the step as registered. */
  public Map<String, String> item() {
    return isInstance() ? items.get(index) : Map.of();
  }
}

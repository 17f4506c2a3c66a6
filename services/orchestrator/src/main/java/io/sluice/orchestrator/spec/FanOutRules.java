package io.sluice.orchestrator.spec;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fan-out rules that span steps. Every fanned-out step belongs to the fan-out of one root (the
 * step with {@code items}; {@code over} leads to it). An instance reads the same-numbered instance
 * of steps of its own fan-out; a step that does not fan out reads every instance (fan-in), of one
 * fan-out only. {@code {{item.k}}} may appear where an item is known and every item has {@code k}.
 */
final class FanOutRules {

  /** {@code {{item.index}}}: the instance's number, from 0. */
  static final String INDEX = "index";

  /** The most instances a pipeline's fan-outs may add up to. */
  static final int MAX_INSTANCES = 1000;

  private FanOutRules() {}

  static void check(PipelineSpec spec, Map<String, StepSpec> byName) throws SpecException {
    Map<String, StepSpec> roots = roots(spec.steps(), byName);
    int instances = 0;
    for (StepSpec step : spec.steps()) {
      if (step.isFannedOut()) {
        instances += roots.get(step.name()).fanOut().items().size();
        checkInstance(step, roots);
        if (instances > MAX_INSTANCES) {
          throw new SpecException(
              step.fanOut().line(),
              "the pipeline's fan-outs add up to more than " + MAX_INSTANCES + " instances");
        }
      } else {
        checkFanIn(step, roots);
      }
    }
    if (spec.model() != null) {
      checkModel(spec.model(), byName);
    }
  }

  /** The root of each fanned-out step, by step name. */
  static Map<String, StepSpec> roots(List<StepSpec> steps, Map<String, StepSpec> byName)
      throws SpecException {
    Map<String, StepSpec> roots = new HashMap<>();
    for (StepSpec step : steps) {
      if (step.isFannedOut()) {
        roots.put(step.name(), root(step, byName));
      }
    }
    return roots;
  }

  private static StepSpec root(StepSpec step, Map<String, StepSpec> byName) throws SpecException {
    Set<String> seen = new LinkedHashSet<>();
    StepSpec current = step;
    while (current.fanOut().over() != null) {
      if (!seen.add(current.name())) {
        throw new SpecException(
            step.fanOut().line(), "fanOut over forms a cycle: " + String.join(" -> ", seen));
      }
      String over = current.fanOut().over();
      StepSpec next = byName.get(over);
      if (next == null || !next.isFannedOut()) {
        throw new SpecException(
            current.fanOut().line(),
            "step '"
                + current.name()
                + "' fanOut over names "
                + (next == null ? "unknown step '" : "step '")
                + over
                + (next == null ? "'" : "', which does not fan out"));
      }
      current = next;
    }
    return current;
  }

  private static void checkInstance(StepSpec step, Map<String, StepSpec> roots)
      throws SpecException {
    StepSpec root = roots.get(step.name());
    for (Map.Entry<String, InputRef> input : step.inputs().entrySet()) {
      StepSpec producerRoot =
          input.getValue().isDataset() ? null : roots.get(input.getValue().step());
      if (producerRoot != null && producerRoot != root) {
        throw new SpecException(
            input.getValue().line(),
            "step '"
                + step.name()
                + "' input '"
                + input.getKey()
                + "' reads fanned-out step '"
                + input.getValue().step()
                + "' of another fan-out: an instance reads only instances of its own fan-out"
                + " (fanOut: {over: "
                + input.getValue().step()
                + "}), or a step that fans in");
      }
    }
    for (String text : texts(step)) {
      checkItemKeys(step, text, root);
    }
  }

  private static void checkFanIn(StepSpec step, Map<String, StepSpec> roots) throws SpecException {
    StepSpec family = null;
    Set<String> fanIn = new LinkedHashSet<>();
    for (Map.Entry<String, InputRef> input : step.inputs().entrySet()) {
      StepSpec root = input.getValue().isDataset() ? null : roots.get(input.getValue().step());
      if (root == null) {
        continue;
      }
      if (family != null && family != root) {
        throw new SpecException(
            input.getValue().line(),
            "step '"
                + step.name()
                + "' fans in from two fan-outs ('"
                + family.name()
                + "' and '"
                + root.name()
                + "'): a step fans in from one");
      }
      family = root;
      fanIn.add(input.getKey());
    }
    for (String value : step.env().values()) {
      if (!Placeholders.names(value, "item").isEmpty()
          || intersects(Placeholders.names(value, "inputs"), fanIn)) {
        throw new SpecException(
            step.line(),
            "step '"
                + step.name()
                + "' env uses a fan-in input or {{item.*}}: an env value cannot be repeated per"
                + " instance, use an argv item");
      }
    }
    for (String arg : step.command()) {
      boolean repeated = intersects(Placeholders.names(arg, "inputs"), fanIn);
      if (!repeated && !Placeholders.names(arg, "item").isEmpty()) {
        throw new SpecException(
            step.line(),
            "step '"
                + step.name()
                + "' uses {{item.*}} in '"
                + Names.abbreviate(arg)
                + "': only a fanned-out step, or an argv item that names a fan-in input, has an"
                + " item");
      }
      if (repeated) {
        checkItemKeys(step, arg, family);
      }
    }
  }

  private static void checkItemKeys(StepSpec step, String text, StepSpec root)
      throws SpecException {
    List<Map<String, String>> items = root.fanOut().items();
    for (String key : Placeholders.names(text, "item")) {
      for (int index = 0; index < items.size() && !key.equals(INDEX); index++) {
        if (!items.get(index).containsKey(key)) {
          throw new SpecException(
              root.fanOut().line(),
              "step '"
                  + step.name()
                  + "' uses {{item."
                  + key
                  + "}}, but item "
                  + index
                  + " of the fan-out of step '"
                  + root.name()
                  + "' has no '"
                  + key
                  + "' (keys: "
                  + items.get(index).keySet()
                  + ")");
        }
      }
    }
  }

  private static void checkModel(ModelSpec model, Map<String, StepSpec> byName)
      throws SpecException {
    StepSpec artifact = byName.get(model.artifact().step());
    if (artifact.isFannedOut()) {
      throw new SpecException(
          model.artifact().line(),
          "model artifact names fanned-out step '"
              + artifact.name()
              + "': the model comes from one step, e.g. one that fans in and selects");
    }
    if (byName.get(model.metricsStep()).isFannedOut()) {
      throw new SpecException(
          model.metricsLine(),
          "model metrics names fanned-out step '"
              + model.metricsStep()
              + "': the metrics come from one step, e.g. one that fans in and selects");
    }
  }

  private static List<String> texts(StepSpec step) {
    List<String> texts = new java.util.ArrayList<>(step.command());
    texts.addAll(step.env().values());
    return texts;
  }

  private static boolean intersects(Set<String> some, Set<String> others) {
    return some.stream().anyMatch(others::contains);
  }
}

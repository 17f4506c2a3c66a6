package io.sluice.orchestrator.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec as a run executes it: each fanned-out step replaced, in place, by its instances {@code
 * <step>.<index>} (items substituted, inputs of its own fan-out read from the same-numbered
 * instance), and each step that fans in given one input per instance ({@code model.0}, {@code
 * model.1}, ...) with every argv item that names a fan-in input repeated once per instance. A pure
 * function of a validated spec: every replica and every retry expands a version the same way.
 */
public final class FanOutExpansion {

  private FanOutExpansion() {}

  /** {@code spec} itself when nothing fans out. */
  public static PipelineSpec expand(PipelineSpec spec) {
    if (spec.steps().stream().noneMatch(StepSpec::isFannedOut)) {
      return spec;
    }
    Map<String, StepSpec> byName = new HashMap<>();
    spec.steps().forEach(step -> byName.put(step.name(), step));
    Map<String, StepSpec> roots;
    try {
      roots = FanOutRules.roots(spec.steps(), byName);
    } catch (SpecException e) {
      throw new IllegalArgumentException("expand only a validated spec: " + e.getMessage(), e);
    }
    List<StepSpec> steps = new ArrayList<>();
    for (StepSpec step : spec.steps()) {
      if (step.isFannedOut()) {
        steps.addAll(instances(step, roots));
      } else {
        steps.add(fanIn(step, roots));
      }
    }
    return new PipelineSpec(
        spec.name(),
        spec.triggerDataset(),
        spec.params(),
        steps,
        spec.model(),
        spec.timeoutSeconds(),
        spec.start(),
        spec.runOnRegister(),
        spec.runLimit());
  }

  private static List<StepSpec> instances(StepSpec step, Map<String, StepSpec> roots) {
    List<Map<String, String>> items = roots.get(step.name()).fanOut().items();
    List<StepSpec> instances = new ArrayList<>();
    for (int index = 0; index < items.size(); index++) {
      Map<String, InputRef> inputs = new LinkedHashMap<>();
      for (Map.Entry<String, InputRef> input : step.inputs().entrySet()) {
        InputRef ref = input.getValue();
        boolean ownFanOut = !ref.isDataset() && roots.containsKey(ref.step());
        inputs.put(input.getKey(), ownFanOut ? instanceRef(ref, index) : ref);
      }
      instances.add(
          step.expandedAs(
              FanOut.instanceName(step.name(), index),
              substituted(step.command(), index, items.get(index)),
              inputs,
              substituted(step.env(), index, items.get(index)),
              step.fanOut().instance(items, index)));
    }
    return instances;
  }

  private static StepSpec fanIn(StepSpec step, Map<String, StepSpec> roots) {
    StepSpec root = null;
    Map<String, InputRef> inputs = new LinkedHashMap<>();
    Map<String, InputRef> fanIn = new LinkedHashMap<>();
    for (Map.Entry<String, InputRef> input : step.inputs().entrySet()) {
      InputRef ref = input.getValue();
      StepSpec producerRoot = ref.isDataset() ? null : roots.get(ref.step());
      if (producerRoot == null) {
        inputs.put(input.getKey(), ref);
        continue;
      }
      root = producerRoot;
      fanIn.put(input.getKey(), ref);
      for (int index = 0; index < producerRoot.fanOut().items().size(); index++) {
        inputs.put(FanOut.instanceName(input.getKey(), index), instanceRef(ref, index));
      }
    }
    if (root == null) {
      return step;
    }
    List<String> command = new ArrayList<>();
    for (String arg : step.command()) {
      boolean repeated = Placeholders.names(arg, "inputs").stream().anyMatch(fanIn::containsKey);
      if (!repeated) {
        command.add(arg);
        continue;
      }
      List<Map<String, String>> items = root.fanOut().items();
      for (int index = 0; index < items.size(); index++) {
        Map<String, String> renamed = new HashMap<>();
        for (String name : fanIn.keySet()) {
          renamed.put(name, FanOut.instanceName(name, index));
        }
        command.add(Placeholders.substituteInstance(arg, index, items.get(index), renamed));
      }
    }
    return step.expandedAs(step.name(), command, inputs, step.env(), null);
  }

  private static InputRef instanceRef(InputRef ref, int index) {
    return new InputRef(FanOut.instanceName(ref.step(), index), ref.output(), ref.line());
  }

  private static List<String> substituted(List<String> texts, int index, Map<String, String> item) {
    return texts.stream()
        .map(text -> Placeholders.substituteInstance(text, index, item, Map.of()))
        .toList();
  }

  private static Map<String, String> substituted(
      Map<String, String> env, int index, Map<String, String> item) {
    Map<String, String> result = new LinkedHashMap<>();
    env.forEach(
        (name, value) ->
            result.put(name, Placeholders.substituteInstance(value, index, item, Map.of())));
    return result;
  }
}

package io.sluice.orchestrator.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The step graph of a pipeline: which steps feed which, and which are ready to run. */
public final class Dag {

  private final Map<String, StepSpec> steps = new LinkedHashMap<>();

  private Dag(List<StepSpec> steps) {
    steps.forEach(step -> this.steps.put(step.name(), step));
  }

  public static Dag of(PipelineSpec spec) {
    return new Dag(spec.steps());
  }

  /**
   * Steps not yet started whose upstream steps are all done, in spec order. A step reading only the
   * dataset is ready at once. Instances of a fan-out with a parallelism count against it while
   * started and not done: only as many as it leaves free are ready.
   */
  public List<String> ready(Set<String> done, Set<String> started) {
    List<String> ready = new ArrayList<>();
    Map<String, Integer> free = new HashMap<>();
    for (StepSpec step : steps.values()) {
      if (!started.contains(step.name())
          && done.containsAll(step.upstreamSteps())
          && takeSlot(step, free, done, started)) {
        ready.add(step.name());
      }
    }
    return ready;
  }

  /** Whether the step's fan-out has a free slot (taking it); always for other steps. */
  private boolean takeSlot(
      StepSpec step, Map<String, Integer> free, Set<String> done, Set<String> started) {
    if (step.fanOut() == null || !step.fanOut().isInstance() || step.fanOut().parallelism() == 0) {
      return true;
    }
    String fannedOut = FanOut.stepOf(step.name());
    int left =
        free.computeIfAbsent(
            fannedOut,
            name ->
                step.fanOut().parallelism()
                    - (int)
                        started.stream()
                            .filter(other -> !done.contains(other))
                            .filter(other -> FanOut.stepOf(other).equals(name))
                            .count());
    free.put(fannedOut, left - 1);
    return left > 0;
  }

  /** Throws naming a step on a cycle and the cycle itself. */
  void checkAcyclic() throws SpecException {
    Map<String, Integer> state = new HashMap<>();
    for (String name : steps.keySet()) {
      List<String> path = new ArrayList<>();
      if (findCycle(name, state, path)) {
        StepSpec first = steps.get(path.get(0));
        throw new SpecException(first.line(), "steps form a cycle: " + String.join(" -> ", path));
      }
    }
  }

  private static final int VISITING = 1;
  private static final int DONE = 2;

  private boolean findCycle(String name, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(name);
    if (seen != null && seen == DONE) {
      return false;
    }
    if (seen != null) {
      path.subList(0, path.indexOf(name)).clear();
      path.add(name);
      return true;
    }
    state.put(name, VISITING);
    path.add(name);
    for (String upstream : steps.get(name).upstreamSteps()) {
      if (findCycle(upstream, state, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    state.put(name, DONE);
    return false;
  }

  /** The step names in an order where every step comes after the steps it reads from. */
  public List<String> topologicalOrder() {
    List<String> order = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    while (order.size() < steps.size()) {
      for (String name : ready(placed, placed)) {
        order.add(name);
      }
      placed.addAll(order);
    }
    return order;
  }
}

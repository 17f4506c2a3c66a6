package io.sluice.orchestrator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.orchestrator.spec.FanOut;
import io.sluice.orchestrator.spec.InputRef;
import io.sluice.orchestrator.spec.StepSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Gives a step that fans in the metrics of the instances it reads, in {@code SLUICE_FANIN_METRICS}:
 * a JSON object from instance name ({@code evaluate.0}) to its metrics, so the step can choose
 * without opening reports.
 */
final class FanInMetrics {

  /** The environment variable (users cannot set {@code SLUICE_*} names themselves). */
  static final String ENV = "SLUICE_FANIN_METRICS";

  private static final ObjectMapper SORTED =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private FanInMetrics() {}

  /** {@code step} with the variable set when it fans in (it is no instance but reads some). */
  static StepSpec addTo(StepSpec step, List<StepRow> rows) {
    if (step.isFannedOut()) {
      return step;
    }
    Set<String> instances =
        step.inputs().values().stream()
            .filter(input -> !input.isDataset())
            .map(InputRef::step)
            .filter(name -> !FanOut.stepOf(name).equals(name))
            .collect(Collectors.toSet());
    if (instances.isEmpty()) {
      return step;
    }
    Map<String, Map<String, Double>> metrics = new TreeMap<>();
    rows.stream()
        .filter(row -> instances.contains(row.stepName()))
        .forEach(row -> metrics.put(row.stepName(), new TreeMap<>(row.metrics())));
    try {
      return step.withEnv(ENV, SORTED.writeValueAsString(metrics));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of numbers always serialise", e);
    }
  }
}

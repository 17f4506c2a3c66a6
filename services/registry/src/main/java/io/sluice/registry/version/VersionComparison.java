package io.sluice.registry.version;

import io.sluice.events.Lineage;
import io.sluice.events.StepLineage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two versions side by side: every metric either reported, with {@code b - a}; only the params and
 * lineage facts that differ. Pure, so that what "differs" means is tested without a database.
 *
 * @param metrics by metric name; a side that did not report it is null, and so is the difference
 * @param params run params whose values differ (or that only one side has), by name
 * @param lineage lineage facts that differ: {@code datasetName}, {@code datasetVersion}, {@code
 *     pipelineName}, {@code pipelineVersion}, and {@code steps.<step>.image|imageDigest|argv} (a
 *     step only one side ran shows as absent on the other)
 */
public record VersionComparison(
    List<MetricDelta> metrics, List<Difference> params, List<Difference> lineage) {

  /** One metric of both versions. */
  public record MetricDelta(String name, Double a, Double b, Double difference) {}

  /** One fact that differs between the versions; null where a side lacks it. */
  public record Difference(String name, Object a, Object b) {}

  public static VersionComparison of(ModelVersion a, ModelVersion b) {
    return new VersionComparison(
        metrics(a.metrics(), b.metrics()),
        differences(a.lineage().params(), b.lineage().params()),
        differences(facts(a.lineage()), facts(b.lineage())));
  }

  private static List<MetricDelta> metrics(Map<String, Double> a, Map<String, Double> b) {
    List<MetricDelta> deltas = new ArrayList<>();
    for (String name : new TreeSet<>(union(a, b))) {
      Double left = a.get(name);
      Double right = b.get(name);
      Double difference = left == null || right == null ? null : right - left;
      deltas.add(new MetricDelta(name, left, right, difference));
    }
    return deltas;
  }

  private static List<Difference> differences(Map<String, ?> a, Map<String, ?> b) {
    List<Difference> differences = new ArrayList<>();
    for (String name : new TreeSet<>(union(a, b))) {
      if (!Objects.equals(a.get(name), b.get(name))) {
        differences.add(new Difference(name, a.get(name), b.get(name)));
      }
    }
    return differences;
  }

  /** The lineage flattened into named facts, so that two lineages compare key by key. */
  private static Map<String, Object> facts(Lineage lineage) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("datasetName", lineage.datasetName());
    facts.put("datasetVersion", lineage.datasetVersion());
    facts.put("pipelineName", lineage.pipelineName());
    facts.put("pipelineVersion", lineage.pipelineVersion());
    for (StepLineage step : lineage.steps()) {
      String prefix = "steps." + step.name() + ".";
      facts.put(prefix + "image", step.image());
      facts.put(prefix + "imageDigest", step.imageDigest());
      facts.put(prefix + "argv", step.argv());
    }
    return facts;
  }

  private static <V> java.util.Set<String> union(Map<String, V> a, Map<String, ?> b) {
    Map<String, Object> all = new TreeMap<>(a);
    all.putAll(b);
    return all.keySet();
  }
}

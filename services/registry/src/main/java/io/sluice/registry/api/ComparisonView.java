package io.sluice.registry.api;

import io.sluice.events.Verdict;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.VersionComparison;
import io.sluice.registry.version.VersionComparison.Difference;
import io.sluice.registry.version.VersionComparison.MetricDelta;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/models/{name}/versions/{a}/compare/{b}}: each side's verdict, aliases and
 * origin, every metric with {@code b - a}, and the params and lineage facts that differ.
 */
public record ComparisonView(
    String modelName,
    Side a,
    Side b,
    List<MetricDelta> metrics,
    List<Difference> params,
    List<Difference> lineage) {

  /** One of the two versions, in brief. */
  public record Side(
      int version,
      Verdict verdict,
      List<String> reasons,
      List<String> aliases,
      Instant registeredAt,
      String runId,
      String datasetVersion,
      String pipelineVersion) {

    static Side of(ModelVersion version, List<String> aliases) {
      return new Side(
          version.version(),
          version.verdict(),
          version.reasons(),
          aliases,
          version.registeredAt(),
          version.runId(),
          version.lineage().datasetVersion(),
          version.lineage().pipelineVersion());
    }
  }

  static ComparisonView of(
      ModelVersion a, List<String> aliasesOfA, ModelVersion b, List<String> aliasesOfB) {
    VersionComparison comparison = VersionComparison.of(a, b);
    return new ComparisonView(
        a.modelName(),
        Side.of(a, aliasesOfA),
        Side.of(b, aliasesOfB),
        comparison.metrics(),
        comparison.params(),
        comparison.lineage());
  }
}

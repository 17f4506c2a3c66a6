package io.sluice.registry.version;

import io.sluice.events.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * What a search of one model's versions asks for; every condition present must hold. Null (or an
 * empty list) is no condition.
 *
 * @param metrics each a bound on one reported metric; a version that did not report it is not found
 * @param alias an alias that points at the version
 * @param datasetVersion the dataset version it was trained on
 * @param runId the run that produced it
 * @param verdict the gate's verdict
 * @param registeredAfter registered strictly after this instant
 * @param registeredBefore registered strictly before this instant
 */
public record VersionSearch(
    List<MetricBound> metrics,
    String alias,
    String datasetVersion,
    String runId,
    Verdict verdict,
    Instant registeredAfter,
    Instant registeredBefore) {

  /** No condition: every version. */
  public static final VersionSearch ALL =
      new VersionSearch(List.of(), null, null, null, null, null, null);

  public VersionSearch {
    metrics = List.copyOf(metrics);
  }

  /** A bound on a metric, e.g. {@code accuracy>=0.95}. */
  public record MetricBound(String metric, Operator operator, double value) {}

  /** The comparisons a bound may make, with their spelling in a query and in SQL. */
  public enum Operator {
    AT_LEAST(">="),
    AT_MOST("<="),
    ABOVE(">"),
    BELOW("<"),
    EQUAL("=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }
}

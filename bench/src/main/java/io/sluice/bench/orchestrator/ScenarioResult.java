package io.sluice.bench.orchestrator;

import java.util.Locale;

/**
 * One line of the results table.
 *
 * @param scenario what ran
 * @param runs runs started and finished
 * @param storedRuns runs in the orchestrator's database when the scenario started
 * @param measurement what the simulated executor observed
 * @param wallNanos from the first {@code data.arrived} to the last {@code run.succeeded}
 */
record ScenarioResult(
    String scenario, int runs, long storedRuns, Measurement measurement, long wallNanos) {

  static final String HEADER =
      "| scenario | runs | stored runs | hops | hop p50 | hop p95 | hop p99 | hop max"
          + " | start p50 | start p99 | steps/s |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|";

  double stepsPerSecond() {
    return measurement.stepsAnswered.get() / (wallNanos / 1e9);
  }

  /** The markdown row, times in ms. */
  String row() {
    Percentiles hops = measurement.hops;
    Percentiles starts = measurement.starts;
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f |",
        scenario,
        runs,
        storedRuns,
        hops.count(),
        hops.millis(0.50),
        hops.millis(0.95),
        hops.millis(0.99),
        hops.maxMillis(),
        starts.millis(0.50),
        starts.millis(0.99),
        stepsPerSecond());
  }
}

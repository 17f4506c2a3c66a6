package io.sluice.bench.orchestrator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the simulated executor observed during one scenario: the orchestrator's hops ({@code
 * step.done} produced → next {@code step.requested} received), run starts ({@code data.arrived}
 * produced → first {@code step.requested} received) and how many steps it answered.
 */
final class Measurement {

  final Percentiles hops = new Percentiles();
  final Percentiles starts = new Percentiles();
  final AtomicInteger stepsAnswered = new AtomicInteger();
}

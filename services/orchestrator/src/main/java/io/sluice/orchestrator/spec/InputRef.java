package io.sluice.orchestrator.spec;

/**
 * Where a step input comes from: the triggering dataset, an output of another step, or an output of
 * a step of the upstream run that started this one ({@code upstream.<step>.<output>}, see {@code
 * trigger.pipeline}).
 *
 * @param step the producing step ({@code upstream.<step>} for an upstream run's), or null for the
 *     dataset
 * @param output the producing step's output, or null for the dataset
 * @param line the YAML line of the reference, for error messages
 */
public record InputRef(String step, String output, int line) {

  /** The keyword that names the triggering dataset as an input. */
  public static final String DATASET = "dataset";

  /** The keyword before an upstream run's step: {@code upstream.<step>.<output>}. */
  public static final String UPSTREAM = "upstream";

  public static InputRef dataset(int line) {
    return new InputRef(null, null, line);
  }

  public boolean isDataset() {
    return step == null;
  }

  /** An output of the upstream run, resolved when a chained run starts, not a step of this run. */
  public boolean isUpstream() {
    return step != null && step.startsWith(UPSTREAM + ".");
  }

  /** The upstream run's step this reads, for {@link #isUpstream()} references. */
  public String upstreamStep() {
    return step.substring(UPSTREAM.length() + 1);
  }

  /** {@code dataset} or {@code <step>.<output>}, as written in the spec. */
  public String text() {
    return isDataset() ? DATASET : step + "." + output;
  }
}

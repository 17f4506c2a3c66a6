package io.sluice.orchestrator.spec;

/**
 * Where a step input comes from: the triggering dataset, or an output of another step.
 *
 * @param step the producing step, or null for the dataset
 * @param output the producing step's output, or null for the dataset
 * @param line the YAML line of the reference, for error messages
 */
public record InputRef(String step, String output, int line) {

  /** The keyword that names the triggering dataset as an input. */
  public static final String DATASET = "dataset";

  public static InputRef dataset(int line) {
    return new InputRef(null, null, line);
  }

  public boolean isDataset() {
    return step == null;
  }

  /** {@code dataset} or {@code <step>.<output>}, as written in the spec. */
  public String text() {
    return isDataset() ? DATASET : step + "." + output;
  }
}

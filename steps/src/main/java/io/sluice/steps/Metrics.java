package io.sluice.steps;

import io.sluice.steps.cli.StepFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flat set of numeric metrics, the shape of the step contract's {@code SLUICE_METRICS_FILE}: a
 * JSON object of names to numbers, in the order they were added.
 */
public final class Metrics {

  private final Map<String, Number> values = new LinkedHashMap<>();

  /** Adds or replaces a metric. */
  public Metrics put(String name, Number value) {
    values.put(name, value);
    return this;
  }

  /** Adds every metric of the other set. */
  public Metrics putAll(Metrics other) {
    values.putAll(other.values);
    return this;
  }

  /** The metric, or null when there is none of that name. */
  public Number get(String name) {
    return values.get(name);
  }

  /** A read-only view, in insertion order. */
  public Map<String, Number> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** Writes the metrics as a JSON object; does nothing when there is no file to write. */
  public void writeTo(Path file) {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StepFailure("cannot create the folder of metrics file " + file);
    }
    Json.write(file, values);
  }

  /**
   * Reads a flat JSON object of numbers.
   *
   * @throws StepFailure when the file is missing, not JSON, or holds a value that is not a number
   */
  public static Metrics read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new StepFailure("metrics file " + file + " does not exist");
    }
    Map<?, ?> json;
    try {
      json = Json.read(file, Map.class);
    } catch (IOException e) {
      throw new StepFailure(file + " is not a JSON object of metrics: " + e.getMessage());
    }
    Metrics metrics = new Metrics();
    json.forEach(
        (name, value) -> {
          if (!(value instanceof Number number)) {
            throw new StepFailure(file + ": metric '" + name + "' is not a number");
          }
          metrics.put(name.toString(), number);
        });
    return metrics;
  }

  /** A metric name made of letters, digits and '_' only, e.g. for a class name. */
  public static String safeName(String text) {
    return text.replaceAll("[^A-Za-z0-9_]", "_");
  }

  @Override
  public String toString() {
    return values.toString();
  }
}

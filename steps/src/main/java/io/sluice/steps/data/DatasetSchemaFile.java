package io.sluice.steps.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.steps.Json;
import io.sluice.steps.cli.StepFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dataset's declared schema, as the executor gives it to a step: the JSON file named by {@code
 * SLUICE_DATASET_SCHEMA} ({@code {"name", "version", "labelColumn", "columns": [{"name",
 * "type"}]}}). It lets the reference steps work on any tabular dataset without flags.
 *
 * @param labelColumn the declared label, or null when the dataset declares none
 * @param columns every column in file order
 */
public record DatasetSchemaFile(String labelColumn, List<Column> columns) {

  /** The variable that names the schema file. */
  public static final String ENV = "SLUICE_DATASET_SCHEMA";

  /**
   * One declared column.
   *
   * @param name the header name
   * @param type {@code INTEGER}, {@code NUMBER}, {@code BOOLEAN} or {@code STRING}
   */
  public record Column(String name, String type) {

    boolean numeric() {
      return type.equals("INTEGER") || type.equals("NUMBER");
    }
  }

  public DatasetSchemaFile {
    columns = List.copyOf(columns);
  }

  /**
   * The schema named by {@code SLUICE_DATASET_SCHEMA} in {@code env}, or empty when it is unset.
   *
   * @throws StepFailure (a data error) when the file cannot be read or is not a schema
   */
  public static Optional<DatasetSchemaFile> fromEnv(Map<String, String> env) {
    String path = env.get(ENV);
    return path == null || path.isBlank() ? Optional.empty() : Optional.of(read(Path.of(path)));
  }

  static DatasetSchemaFile read(Path file) {
    JsonNode root;
    try {
      root = Json.read(file, JsonNode.class);
    } catch (IOException e) {
      throw StepFailure.dataError(
          "cannot read the dataset schema " + file + " ($" + ENV + "): " + e.getMessage());
    }
    JsonNode columns = root == null ? null : root.get("columns");
    if (columns == null || !columns.isArray() || columns.isEmpty()) {
      throw StepFailure.dataError(
          "the dataset schema " + file + " ($" + ENV + ") has no \"columns\" list");
    }
    List<Column> parsed = new ArrayList<>();
    for (JsonNode column : columns) {
      parsed.add(new Column(column.path("name").asText(""), column.path("type").asText("STRING")));
    }
    JsonNode label = root.get("labelColumn");
    return new DatasetSchemaFile(label == null || label.isNull() ? null : label.asText(), parsed);
  }

  /**
   * The feature columns when {@code label} is the label: every other declared column, in schema
   * order.
   *
   * @throws StepFailure (a data error) when one of them is not numeric
   */
  public List<String> numericFeatures(String label) {
    List<String> features = new ArrayList<>();
    for (Column column : columns) {
      if (column.name().equals(label)) {
        continue;
      }
      if (!column.numeric()) {
        throw StepFailure.dataError(
            "feature column '"
                + column.name()
                + "' is "
                + column.type()
                + " in the dataset schema; the reference steps train on numeric features"
                + " (INTEGER or NUMBER) only");
      }
      features.add(column.name());
    }
    return features;
  }
}

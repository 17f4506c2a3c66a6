package io.sluice.orchestrator.run;

import io.sluice.events.DataArrived;
import io.sluice.events.DatasetSchema;
import io.sluice.orchestrator.spec.PipelineSpec;
import io.sluice.orchestrator.spec.Placeholders;
import io.sluice.orchestrator.spec.StepSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The values of a run's {@code {{dataset.x}}} placeholders, taken from the declared schema of its
 * dataset version, so a pipeline copied for another dataset needs no step flags.
 */
final class DatasetFields {

  private DatasetFields() {}

  /**
   * {@code name}, {@code version}, {@code features} (the feature columns in schema order, comma
   * separated) and {@code label} when the dataset declares one.
   */
  static Map<String, String> of(DataArrived dataset) {
    DatasetSchema schema = DatasetSchema.of(dataset);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("name", schema.name());
    fields.put("version", schema.version());
    fields.put("features", String.join(",", schema.featureColumns()));
    if (schema.labelColumn() != null) {
      fields.put("label", schema.labelColumn());
    }
    return fields;
  }

  /**
   * The first step that uses {@code {{dataset.label}}} when the dataset declares no label: run, it
   * would get an empty flag and fail obscurely, so the run fails before requesting it.
   */
  static Optional<StepSpec> needingMissingLabel(PipelineSpec spec, DataArrived dataset) {
    if (dataset.labelColumn() != null) {
      return Optional.empty();
    }
    return spec.steps().stream().filter(DatasetFields::usesLabel).findFirst();
  }

  /** Why {@code step} cannot run on {@code dataset}, for the step's error and the run's. */
  static String missingLabel(StepSpec step, DataArrived dataset) {
    return "step '"
        + step.name()
        + "' uses {{dataset.label}} but dataset '"
        + dataset.datasetName()
        + "' declares no labelColumn in its schema (columns "
        + DatasetSchema.of(dataset).featureColumns()
        + "); declare one in the dataset definition or pass the label to the step";
  }

  private static boolean usesLabel(StepSpec step) {
    return Stream.concat(step.command().stream(), step.env().values().stream())
        .anyMatch(text -> Placeholders.uses(text, "dataset", "label"));
  }
}

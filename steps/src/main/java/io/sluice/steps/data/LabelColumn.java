package io.sluice.steps.data;

import io.sluice.steps.cli.Flags;
import java.util.Optional;

/**
 * Which column a step predicts: {@code --label} when given, else the {@code labelColumn} of the
 * dataset schema ({@code SLUICE_DATASET_SCHEMA}), else the step's own safe inference.
 */
public final class LabelColumn {

  /** What split and train fall back to without flag or schema: the Iris label, as before. */
  public static final String IRIS_DEFAULT = "species";

  private LabelColumn() {}

  /** The label from {@code --label} or the schema, or empty when neither names one. */
  public static Optional<String> declared(Flags flags, Optional<DatasetSchemaFile> schema) {
    String flag = flags.string("label", null);
    if (flag != null) {
      return Optional.of(flag);
    }
    return schema.map(DatasetSchemaFile::labelColumn);
  }

  /** As {@link #declared}, else {@value #IRIS_DEFAULT}. */
  public static String orIrisDefault(Flags flags, Optional<DatasetSchemaFile> schema) {
    return declared(flags, schema).orElse(IRIS_DEFAULT);
  }
}

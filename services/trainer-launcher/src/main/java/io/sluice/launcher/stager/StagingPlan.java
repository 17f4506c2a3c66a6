package io.sluice.launcher.stager;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.events.DatasetSchema;
import io.sluice.events.OutputTarget;
import io.sluice.events.StepInput;
import java.util.List;

/**
 * What the stager containers of one step pod move: the inputs to download before the command, the
 * outputs to upload after it, and where to write the attempt's result. Travels to the pod as JSON
 * in an environment variable; it holds locations and hashes, never credentials.
 *
 * @param inputs the input folders and their expected folder digests
 * @param outputs the output folders and their destinations
 * @param resultUri where stage-out writes the {@link StepResult} after a successful upload
 * @param datasetSchema the dataset schema stage-in writes for the step ({@code
 *     SLUICE_DATASET_SCHEMA}), or null when the request has none
 */
public record StagingPlan(
    List<StepInput> inputs,
    List<OutputTarget> outputs,
    String resultUri,
    @JsonInclude(JsonInclude.Include.NON_NULL) DatasetSchema datasetSchema) {

  /** The environment variable that carries the plan. */
  public static final String ENV = "SLUICE_STAGING_PLAN";

  public StagingPlan {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** A plan without a dataset schema. */
  public StagingPlan(List<StepInput> inputs, List<OutputTarget> outputs, String resultUri) {
    this(inputs, outputs, resultUri, null);
  }
}

package io.sluice.steps.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The public contract of a packaged classifier ({@code signature.json}): the input {@code features}
 * (FP32, {@code [-1, n]}, columns in {@code featureNames} order, which is the dataset CSV's column
 * order), the outputs {@code label} (BYTES, {@code [-1]}) and {@code probabilities} (FP32, {@code
 * [-1, classes]}, columns in {@code classNames} order), and the class names.
 *
 * @param inputs the model's inputs: exactly {@code features}
 * @param outputs the model's outputs: {@code label} and {@code probabilities}
 * @param classNames the classes, in the order of the probability columns
 */
public record Signature(
    List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> classNames) {

  /** The name of the public feature input. */
  public static final String FEATURES = "features";

  /** The name of the predicted class name output. */
  public static final String LABEL = "label";

  /** The name of the class probability output. */
  public static final String PROBABILITIES = "probabilities";

  private static final long BATCH = -1;

  /** Copies the lists so a signature cannot change after it was made. */
  public Signature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    classNames = List.copyOf(classNames);
  }

  /** The signature of a classifier over the given features and classes. */
  public static Signature classifier(List<String> featureNames, List<String> classNames) {
    TensorSpec features =
        new TensorSpec(FEATURES, "FP32", List.of(BATCH, (long) featureNames.size()), featureNames);
    TensorSpec label = new TensorSpec(LABEL, "BYTES", List.of(BATCH), null);
    TensorSpec probabilities =
        new TensorSpec(PROBABILITIES, "FP32", List.of(BATCH, (long) classNames.size()), null);
    return new Signature(List.of(features), List.of(label, probabilities), classNames);
  }

  /**
   * The feature names of the {@code features} input, in the order a client sends them. Written to
   * {@code signature.json} at the top level too, where the platform's {@code ModelSignature} reads
   * them.
   */
  @JsonProperty(value = "featureNames", access = JsonProperty.Access.READ_ONLY)
  public List<String> featureNames() {
    return inputs.stream()
        .filter(input -> FEATURES.equals(input.name()))
        .findFirst()
        .map(TensorSpec::featureNames)
        .orElseThrow(() -> new IllegalStateException("signature has no 'features' input"));
  }
}

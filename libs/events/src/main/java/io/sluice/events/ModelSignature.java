package io.sluice.events;

import java.util.List;

/**
 * What a model takes and returns, from the model package's {@code signature.json}. The feature
 * names are in the order clients send them (the dataset's column order).
 *
 * @param inputs input tensors, e.g. {@code features FP32 [-1, 4]}
 * @param outputs output tensors, e.g. {@code label BYTES [-1]}, {@code probabilities FP32 [-1, 3]}
 * @param featureNames the columns of the {@code features} input, in order
 * @param classNames the classes, in the order of the {@code probabilities} columns (empty for a
 *     regression)
 */
public record ModelSignature(
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    List<String> featureNames,
    List<String> classNames) {

  public ModelSignature {
    inputs = Checks.nonEmptyList(inputs, "inputs");
    outputs = Checks.nonEmptyList(outputs, "outputs");
    featureNames = Checks.notBlankList(featureNames, "featureNames");
    classNames = Checks.notBlankList(classNames, "classNames");
  }
}

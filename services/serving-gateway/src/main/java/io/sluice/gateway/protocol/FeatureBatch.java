package io.sluice.gateway.protocol;

import java.util.List;
import java.util.Set;

/**
 * A request's features, checked against what the model takes: one FP32 input of the model's name,
 * shaped {@code [rows, features]}, exactly as many finite values as the shape says, and at least
 * one and at most the configured number of rows.
 *
 * @param data the values, row-major ({@code rows * features} used)
 * @param rows the batch size
 * @param features values per row
 * @param outputs the outputs to return (validated names; all when the request named none)
 */
public record FeatureBatch(float[] data, int rows, int features, List<String> outputs) {

  /** The datatype the gateway accepts for features. */
  public static final String FP32 = "FP32";

  /**
   * Checks a parsed request against a model's input.
   *
   * @param inputName the model's input name, e.g. {@code features}
   * @param features the model's feature count
   * @param maxRows the largest batch allowed
   * @param outputNames the model's output names, in response order
   * @throws V2Exception (400) naming the first thing that is wrong
   */
  public static FeatureBatch of(
      InferRequest request, String inputName, int features, int maxRows, List<String> outputNames) {
    InputTensor input = single(request, inputName);
    if (!FP32.equals(input.datatype())) {
      throw refused("input '" + inputName + "' must be FP32, got '" + input.datatype() + "'");
    }
    List<Long> shape = input.shape();
    if (shape.size() != 2) {
      throw refused(
          "input '" + inputName + "' must have shape [batch, " + features + "], got " + shape);
    }
    long rows = shape.get(0);
    if (shape.get(1) != features) {
      throw refused(
          "the model takes "
              + features
              + " features per row, shape "
              + shape
              + " says "
              + shape.get(1));
    }
    checkSize(input, rows, features, maxRows);
    if (input.values().hasBooleans()) {
      throw refused("input '" + inputName + "' must hold numbers, not booleans");
    }
    float[] data = TensorBatch.floatArray(inputName, input.values());
    return new FeatureBatch(data, (int) rows, features, outputs(request, outputNames));
  }

  // Each message is built only for a request that is refused: on the hot path they cost more than
  // the checks (a list's toString and several concatenations per request).
  private static void checkSize(InputTensor input, long rows, int features, int maxRows) {
    if (rows <= 0 || input.count() <= 0) {
      throw refused("the batch is empty");
    }
    if (rows > maxRows) {
      throw refused("the batch of " + rows + " rows exceeds the limit of " + maxRows);
    }
    if (rows * features != input.count()) {
      throw refused(
          "shape "
              + input.shape()
              + " needs "
              + rows * features
              + " values, 'data' holds "
              + input.count());
    }
  }

  private static InputTensor single(InferRequest request, String inputName) {
    if (request.inputs().size() != 1) {
      throw refused(
          "the model takes exactly one input, '"
              + inputName
              + "'; the request has "
              + request.inputs().size());
    }
    InputTensor input = request.inputs().get(0);
    if (!inputName.equals(input.name())) {
      throw refused("unknown input '" + input.name() + "'; the model takes '" + inputName + "'");
    }
    return input;
  }

  /** The outputs a request asks for, in the model's order; all when it names none. */
  static List<String> outputs(InferRequest request, List<String> outputNames) {
    if (request.outputs().isEmpty()) {
      return outputNames;
    }
    Set<String> asked = Set.copyOf(request.outputs());
    for (String name : asked) {
      if (!outputNames.contains(name)) {
        throw refused("unknown output '" + name + "'; the model returns " + outputNames);
      }
    }
    return outputNames.stream().filter(asked::contains).toList();
  }

  private static V2Exception refused(String message) {
    return V2Exception.badRequest(message);
  }
}

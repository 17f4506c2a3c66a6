package io.sluice.events;

import java.util.List;

/**
 * One input or output tensor of a model, as the Open Inference Protocol (V2) describes it.
 *
 * @param name e.g. {@code features}
 * @param datatype e.g. {@code FP32}
 * @param shape dimensions, -1 for a variable one (e.g. {@code [-1, 4]})
 */
public record TensorSpec(String name, TensorDatatype datatype, List<Long> shape) {

  public TensorSpec {
    Checks.notBlank(name, "name");
    Checks.required(datatype, "datatype");
    shape = Checks.list(shape, "shape");
    for (int i = 0; i < shape.size(); i++) {
      if (shape.get(i) < -1) {
        throw new IllegalArgumentException(
            "shape[" + i + "] must be -1 (variable) or a size, got " + shape.get(i));
      }
    }
  }
}

package io.sluice.gateway.protocol;

import java.util.List;

/**
 * One input tensor of an inference request as sent, before it is checked against the model.
 *
 * @param name the input's name
 * @param datatype the V2 datatype as sent, e.g. {@code FP32}
 * @param shape the shape as sent
 * @param values the values, flattened row-major
 */
public record InputTensor(String name, String datatype, List<Long> shape, TensorValues values) {

  /** How many values the request held. */
  public int count() {
    return values.count();
  }
}

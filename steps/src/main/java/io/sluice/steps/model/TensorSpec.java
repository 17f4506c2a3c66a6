package io.sluice.steps.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One named tensor of a model's public interface, in Open Inference Protocol V2 terms.
 *
 * @param name the tensor's name in the ONNX graph and on the wire
 * @param datatype the V2 datatype, e.g. {@code FP32} or {@code BYTES}
 * @param shape the shape, {@code -1} for the batch dimension
 * @param featureNames for a feature input, the column each position holds; otherwise null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TensorSpec(
    String name, String datatype, List<Long> shape, List<String> featureNames) {

  /** Copies the lists so a spec cannot change after it was made. */
  public TensorSpec {
    shape = List.copyOf(shape);
    featureNames = featureNames == null ? null : List.copyOf(featureNames);
  }
}

package io.sluice.gateway.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.events.ModelSignature;
import io.sluice.events.TensorSpec;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import java.util.List;
import java.util.Map;

/**
 * The V2 model metadata response. The feature names (in the order a client sends them) and the
 * class names (in the order of the probability columns) travel as tensor parameters.
 *
 * @param name the model
 * @param versions the version serving now
 * @param platform always {@code onnx_onnxv1}, the protocol's name for an ONNX model
 * @param inputs the input tensors
 * @param outputs the output tensors
 * @param parameters the artifact URI and sha256 of the serving version, and the ONNX Runtime
 *     execution provider that serves it ({@code execution_provider}: {@code CPU} or {@code CUDA})
 */
public record ModelMetadata(
    String name,
    List<String> versions,
    String platform,
    List<Tensor> inputs,
    List<Tensor> outputs,
    Map<String, Object> parameters) {

  /** The platform name V2 clients see: the one the protocol's platform list gives ONNX models. */
  public static final String PLATFORM = "onnx_onnxv1";

  /**
   * One tensor of the metadata.
   *
   * @param name its name
   * @param datatype V2 datatype
   * @param shape -1 for a variable dimension
   * @param parameters feature or class names where they apply
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Tensor(
      String name, String datatype, List<Long> shape, Map<String, List<String>> parameters) {}

  /** The metadata of a served version. */
  public static ModelMetadata of(ServedModel model) {
    ModelVersion version = model.version();
    ModelSignature signature = version.signature();
    List<Tensor> inputs =
        signature.inputs().stream().map(spec -> tensor(spec, inputParameters(signature))).toList();
    List<Tensor> outputs =
        signature.outputs().stream()
            .map(spec -> tensor(spec, outputParameters(spec, signature)))
            .toList();
    return new ModelMetadata(
        version.name(),
        List.of(Integer.toString(version.version())),
        PLATFORM,
        inputs,
        outputs,
        Map.of(
            "artifact_uri",
            version.artifact().uri(),
            "sha256",
            version.artifact().sha256(),
            "execution_provider",
            model.executionProvider().name()));
  }

  // Feature names describe the columns of a single input; a model with several has none.
  private static Map<String, List<String>> inputParameters(ModelSignature signature) {
    return signature.inputs().size() == 1 && !signature.featureNames().isEmpty()
        ? Map.of("feature_names", signature.featureNames())
        : Map.of();
  }

  private static Map<String, List<String>> outputParameters(
      TensorSpec spec, ModelSignature signature) {
    return ("probabilities".equals(spec.name()) || "label".equals(spec.name()))
            && !signature.classNames().isEmpty()
        ? Map.of("class_names", signature.classNames())
        : Map.of();
  }

  private static Tensor tensor(TensorSpec spec, Map<String, List<String>> parameters) {
    return new Tensor(spec.name(), spec.datatype().name(), spec.shape(), parameters);
  }
}

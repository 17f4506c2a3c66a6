package io.sluice.gateway;

import io.sluice.events.ModelSignature;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import io.sluice.gateway.artifact.ArtifactDownloader;
import io.sluice.gateway.inference.OnnxGraphs;
import java.util.Arrays;
import java.util.List;

/**
 * A model that is no classifier: five named inputs, one of each datatype ONNX models commonly take
 * ({@code dense FP32 [-1,2]}, {@code ratio FP64 [-1,1]}, {@code count INT32 [-1,1]}, {@code id
 * INT64 [-1]}, {@code flag BOOL [-1,1]}), each passed through to an output {@code <name>_out}.
 */
public final class MixedModel {

  private static final List<OnnxGraphs.Input> GRAPH =
      List.of(
          new OnnxGraphs.Input("dense", OnnxGraphs.FLOAT, -1, 2),
          new OnnxGraphs.Input("ratio", OnnxGraphs.DOUBLE, -1, 1),
          new OnnxGraphs.Input("count", OnnxGraphs.INT32, -1, 1),
          new OnnxGraphs.Input("id", OnnxGraphs.INT64, -1),
          new OnnxGraphs.Input("flag", OnnxGraphs.BOOL, -1, 1));

  private MixedModel() {}

  public static byte[] onnx() {
    return OnnxGraphs.identities(GRAPH);
  }

  public static String sha256() {
    return ArtifactDownloader.sha256(onnx());
  }

  public static ModelSignature signature() {
    return new ModelSignature(
        List.of(
            spec("dense", TensorDatatype.FP32, -1, 2),
            spec("ratio", TensorDatatype.FP64, -1, 1),
            spec("count", TensorDatatype.INT32, -1, 1),
            spec("id", TensorDatatype.INT64, -1),
            spec("flag", TensorDatatype.BOOL, -1, 1)),
        List.of(
            spec("dense_out", TensorDatatype.FP32, -1, 2),
            spec("ratio_out", TensorDatatype.FP64, -1, 1),
            spec("count_out", TensorDatatype.INT32, -1, 1),
            spec("id_out", TensorDatatype.INT64, -1),
            spec("flag_out", TensorDatatype.BOOL, -1, 1)),
        List.of(),
        List.of());
  }

  public static TensorSpec spec(String name, TensorDatatype datatype, long... shape) {
    return new TensorSpec(name, datatype, Arrays.stream(shape).boxed().toList());
  }
}

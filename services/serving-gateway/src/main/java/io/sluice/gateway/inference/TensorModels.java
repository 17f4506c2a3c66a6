package io.sluice.gateway.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.protocol.ModelInput;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Loading of models that are not reference classifiers: any number of named inputs (FP32, FP64,
 * INT32, INT64, BOOL) and tensor outputs (those and BYTES), as the signature lists them. The graph
 * must take exactly the signature's inputs, with the same datatypes, ranks and fixed sizes, and
 * have its outputs; a warm-up batch of ones must score.
 */
final class TensorModels {

  private TensorModels() {}

  static ServedModel describe(
      ModelVersion version,
      OrtEnvironment environment,
      OrtSession session,
      ExecutionProvider provider)
      throws UnusableArtifactException {
    try {
      Map<String, NodeInfo> graphInputs = session.getInputInfo();
      for (TensorSpec input : version.signature().inputs()) {
        if (!Tensors.INPUT_TYPES.contains(input.datatype())) {
          throw ModelLoader.mismatch(
              version, "input '" + input.name() + "' is " + input.datatype() + ", not served");
        }
        require(version, graphInputs.get(input.name()), input, "input");
      }
      for (String name : graphInputs.keySet()) {
        if (version.signature().inputs().stream().noneMatch(spec -> spec.name().equals(name))) {
          throw ModelLoader.mismatch(
              version, "the graph takes input '" + name + "', which the signature does not list");
        }
      }
      Map<String, NodeInfo> graphOutputs = session.getOutputInfo();
      for (TensorSpec output : version.signature().outputs()) {
        require(version, graphOutputs.get(output.name()), output, "output");
      }
    } catch (OrtException e) {
      throw ModelLoader.mismatch(version, "its graph cannot be described: " + e.getMessage());
    }
    return new ServedModel(version, environment, session, null, 0, 0, provider);
  }

  private static void require(ModelVersion version, NodeInfo node, TensorSpec spec, String what)
      throws UnusableArtifactException {
    if (node == null || !(node.getInfo() instanceof TensorInfo tensor)) {
      throw ModelLoader.mismatch(
          version, "the graph has no tensor " + what + " '" + spec.name() + "'");
    }
    TensorDatatype datatype = Tensors.datatype(tensor.type).orElse(null);
    long[] shape = tensor.getShape();
    if (datatype != spec.datatype() || !fits(shape, spec.shape())) {
      throw ModelLoader.mismatch(
          version,
          what
              + " '"
              + spec.name()
              + "' is "
              + tensor.type
              + " "
              + Arrays.toString(shape)
              + " in the graph, "
              + spec.datatype()
              + " "
              + spec.shape()
              + " in the signature");
    }
  }

  // A size fixed on both sides must agree; -1 (or a symbolic size) on either side fits any.
  private static boolean fits(long[] graph, List<Long> signature) {
    if (graph.length != signature.size()) {
      return false;
    }
    for (int i = 0; i < graph.length; i++) {
      if (graph[i] > 0 && signature.get(i) > 0 && graph[i] != signature.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** Scores a batch of ones ({@code true} for BOOL): the version answers once before traffic. */
  static void warmUp(ServedModel model, int rows) throws UnusableArtifactException {
    List<ModelInput> inputs = new ArrayList<>();
    for (TensorSpec spec : model.inputs()) {
      long[] shape = new long[spec.shape().size()];
      int size = 1;
      for (int i = 0; i < shape.length; i++) {
        long declared = spec.shape().get(i);
        shape[i] = declared > 0 ? declared : i == 0 ? rows : 1;
        size *= (int) shape[i];
      }
      inputs.add(new ModelInput(spec.name(), spec.datatype(), shape, ones(spec.datatype(), size)));
    }
    try {
      model.run(inputs, model.outputNames());
    } catch (OrtException | RuntimeException e) {
      throw ModelLoader.mismatch(model.version(), "warm-up failed: " + e.getMessage());
    }
  }

  private static Buffer ones(TensorDatatype datatype, int size) {
    return switch (datatype) {
      case FP32 -> FloatBuffer.wrap(filled(new float[size]));
      case FP64 -> DoubleBuffer.wrap(filledDoubles(size));
      case INT32 -> IntBuffer.wrap(filledInts(size));
      case INT64 -> LongBuffer.wrap(filledLongs(size));
      default -> ByteBuffer.wrap(filledBytes(size));
    };
  }

  private static float[] filled(float[] values) {
    Arrays.fill(values, 1f);
    return values;
  }

  private static double[] filledDoubles(int size) {
    double[] values = new double[size];
    Arrays.fill(values, 1d);
    return values;
  }

  private static int[] filledInts(int size) {
    int[] values = new int[size];
    Arrays.fill(values, 1);
    return values;
  }

  private static long[] filledLongs(int size) {
    long[] values = new long[size];
    Arrays.fill(values, 1L);
    return values;
  }

  private static byte[] filledBytes(int size) {
    byte[] values = new byte[size];
    Arrays.fill(values, (byte) 1);
    return values;
  }
}

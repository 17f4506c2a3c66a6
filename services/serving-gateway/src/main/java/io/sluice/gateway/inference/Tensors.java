package io.sluice.gateway.inference;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.sluice.events.TensorDatatype;
import io.sluice.gateway.protocol.ModelInput;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Between V2 tensors and ONNX Runtime's: datatypes, input tensors, output arrays. */
final class Tensors {

  /** The input datatypes the gateway converts requests to. */
  static final Set<TensorDatatype> INPUT_TYPES =
      EnumSet.of(
          TensorDatatype.FP32,
          TensorDatatype.FP64,
          TensorDatatype.INT32,
          TensorDatatype.INT64,
          TensorDatatype.BOOL);

  private Tensors() {}

  /** The V2 datatype of an ONNX Runtime element type, if the gateway serves it. */
  static Optional<TensorDatatype> datatype(OnnxJavaType type) {
    return Optional.ofNullable(
        switch (type) {
          case FLOAT -> TensorDatatype.FP32;
          case DOUBLE -> TensorDatatype.FP64;
          case INT32 -> TensorDatatype.INT32;
          case INT64 -> TensorDatatype.INT64;
          case BOOL -> TensorDatatype.BOOL;
          case STRING -> TensorDatatype.BYTES;
          default -> null;
        });
  }

  static OnnxTensor create(OrtEnvironment environment, ModelInput input) throws OrtException {
    long[] shape = input.shape();
    return switch (input.datatype()) {
      case FP32 -> OnnxTensor.createTensor(environment, (FloatBuffer) input.data(), shape);
      case FP64 -> OnnxTensor.createTensor(environment, (DoubleBuffer) input.data(), shape);
      case INT32 -> OnnxTensor.createTensor(environment, (IntBuffer) input.data(), shape);
      case INT64 -> OnnxTensor.createTensor(environment, (LongBuffer) input.data(), shape);
      case BOOL -> booleans(environment, (ByteBuffer) input.data(), shape);
      default -> throw new OrtException("no " + input.datatype() + " input is served");
    };
  }

  // ONNX Runtime reads a BOOL tensor from a direct buffer of one byte per value.
  private static OnnxTensor booleans(OrtEnvironment environment, ByteBuffer data, long[] shape)
      throws OrtException {
    ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining());
    direct.put(data.duplicate()).flip();
    return OnnxTensor.createTensor(environment, direct, shape, OnnxJavaType.BOOL);
  }

  static OutputTensor read(String name, OnnxTensor tensor) throws OrtException {
    TensorInfo info = tensor.getInfo();
    TensorDatatype datatype =
        datatype(info.type)
            .orElseThrow(() -> new OrtException("output '" + name + "' is " + info.type));
    long[] shape = info.getShape();
    Object data =
        switch (datatype) {
          case FP32 -> copy(tensor.getFloatBuffer());
          case FP64 -> copy(tensor.getDoubleBuffer());
          case INT32 -> copy(tensor.getIntBuffer());
          case INT64 -> copy(tensor.getLongBuffer());
          case BOOL -> booleans(tensor.getByteBuffer());
          default -> strings(tensor.getValue());
        };
    return new OutputTensor(name, datatype, shape, data);
  }

  private static float[] copy(FloatBuffer buffer) {
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static double[] copy(DoubleBuffer buffer) {
    double[] values = new double[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static int[] copy(IntBuffer buffer) {
    int[] values = new int[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static long[] copy(LongBuffer buffer) {
    long[] values = new long[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static boolean[] booleans(ByteBuffer buffer) {
    boolean[] values = new boolean[buffer.remaining()];
    for (int i = 0; i < values.length; i++) {
      values[i] = buffer.get() != 0;
    }
    return values;
  }

  /** A string tensor comes back as nested String arrays; V2 wants it flat, row-major. */
  private static String[] strings(Object nested) {
    List<String> flat = new ArrayList<>();
    flatten(nested, flat);
    return flat.toArray(String[]::new);
  }

  private static void flatten(Object value, List<String> into) {
    if (value != null && value.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        flatten(Array.get(value, i), into);
      }
    } else {
      into.add(String.valueOf(value));
    }
  }
}

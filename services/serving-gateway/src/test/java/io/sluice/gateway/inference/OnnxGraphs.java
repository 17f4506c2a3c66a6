package io.sluice.gateway.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes small ONNX models for tests, straight as protobuf bytes (the gateway has no ONNX builder
 * on its class path, and the test machine no Python {@code onnx}): a graph whose every input {@code
 * x} is passed through an {@code Identity} node to an output {@code x_out}, so a test can see which
 * values reached which input, in each datatype.
 */
public final class OnnxGraphs {

  /** ONNX element types (TensorProto.DataType). */
  public static final int FLOAT = 1;

  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int STRING = 8;
  public static final int BOOL = 9;
  public static final int DOUBLE = 11;

  /**
   * One graph input.
   *
   * @param name its name
   * @param elementType an ONNX element type, e.g. {@link #FLOAT}
   * @param shape its dimensions, -1 for a variable one
   */
  public record Input(String name, int elementType, long... shape) {}

  private OnnxGraphs() {}

  /** A model whose output {@code <name>_out} is its input {@code <name>}, for every input. */
  public static byte[] identities(List<Input> inputs) {
    ByteArrayOutputStream graph = new ByteArrayOutputStream();
    for (Input input : inputs) {
      ByteArrayOutputStream node = new ByteArrayOutputStream();
      string(node, 1, input.name());
      string(node, 2, input.name() + "_out");
      string(node, 3, "identity_" + input.name());
      string(node, 4, "Identity");
      message(graph, 1, node);
    }
    string(graph, 2, "sluice-test-identities");
    for (Input input : inputs) {
      message(graph, 11, valueInfo(input.name(), input.elementType(), input.shape()));
    }
    for (Input input : inputs) {
      message(graph, 12, valueInfo(input.name() + "_out", input.elementType(), input.shape()));
    }
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    varintField(model, 1, 8); // ir_version
    string(model, 2, "sluice-tests"); // producer_name
    message(model, 7, graph);
    ByteArrayOutputStream opset = new ByteArrayOutputStream();
    string(opset, 1, "");
    varintField(opset, 2, 13);
    message(model, 8, opset);
    return model.toByteArray();
  }

  private static ByteArrayOutputStream valueInfo(String name, int elementType, long[] shape) {
    ByteArrayOutputStream dims = new ByteArrayOutputStream();
    for (int i = 0; i < shape.length; i++) {
      ByteArrayOutputStream dim = new ByteArrayOutputStream();
      if (shape[i] < 0) {
        string(dim, 2, "d" + i);
      } else {
        varintField(dim, 1, shape[i]);
      }
      message(dims, 1, dim);
    }
    ByteArrayOutputStream tensor = new ByteArrayOutputStream();
    varintField(tensor, 1, elementType);
    message(tensor, 2, dims);
    ByteArrayOutputStream type = new ByteArrayOutputStream();
    message(type, 1, tensor);
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    string(info, 1, name);
    message(info, 2, type);
    return info;
  }

  private static void varintField(ByteArrayOutputStream out, int field, long value) {
    varint(out, (long) field << 3);
    varint(out, value);
  }

  private static void string(ByteArrayOutputStream out, int field, String value) {
    bytes(out, field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void message(ByteArrayOutputStream out, int field, ByteArrayOutputStream value) {
    bytes(out, field, value.toByteArray());
  }

  private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
    varint(out, (long) field << 3 | 2);
    varint(out, value.length);
    out.writeBytes(value);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}

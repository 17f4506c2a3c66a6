package io.sluice.gateway.protocol;

import io.sluice.events.TensorDatatype;
import io.sluice.events.TensorSpec;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's inputs checked against a model with any number of named inputs: each of the model's
 * inputs exactly once (in any order), nothing else, the model's datatype, its rank and fixed sizes,
 * one batch size for all inputs with a variable first dimension, as many values as the shape says,
 * each valid for the datatype. Every refusal names the input.
 *
 * @param inputs the inputs in the model's order, converted to their datatypes
 * @param rows the batch size (1 for a model without a variable first dimension)
 * @param outputs the outputs to return (validated names; all when the request named none)
 */
public record TensorBatch(List<ModelInput> inputs, int rows, List<String> outputs) {

  /**
   * Checks a parsed request against a model's inputs.
   *
   * @param specs the model's inputs, from its signature
   * @param maxRows the largest batch allowed
   * @param outputNames the model's output names, in response order
   * @throws V2Exception (400) naming the first thing that is wrong
   */
  public static TensorBatch of(
      InferRequest request, List<TensorSpec> specs, int maxRows, List<String> outputNames) {
    Map<String, InputTensor> byName = byName(request, specs);
    List<ModelInput> inputs = new ArrayList<>(specs.size());
    long rows = -1;
    String rowsFrom = null;
    for (TensorSpec spec : specs) {
      InputTensor input = byName.get(spec.name());
      long[] shape = checkShape(spec, input);
      if (!spec.shape().isEmpty() && spec.shape().get(0) == -1) {
        if (rows >= 0 && rows != shape[0]) {
          throw refused(
              "input '"
                  + spec.name()
                  + "' has a batch of "
                  + shape[0]
                  + " rows, input '"
                  + rowsFrom
                  + "' of "
                  + rows);
        }
        rows = shape[0];
        rowsFrom = spec.name();
      }
      inputs.add(new ModelInput(spec.name(), spec.datatype(), shape, convert(spec, input)));
    }
    if (rows > maxRows) {
      throw refused("the batch of " + rows + " rows exceeds the limit of " + maxRows);
    }
    return new TensorBatch(
        inputs, (int) Math.max(rows, 1), FeatureBatch.outputs(request, outputNames));
  }

  private static Map<String, InputTensor> byName(InferRequest request, List<TensorSpec> specs) {
    List<String> known = specs.stream().map(TensorSpec::name).toList();
    Map<String, InputTensor> byName = new HashMap<>();
    for (InputTensor input : request.inputs()) {
      if (!known.contains(input.name())) {
        throw refused("unknown input '" + shown(input.name()) + "'; the model takes " + known);
      }
      if (byName.put(input.name(), input) != null) {
        throw refused("input '" + shown(input.name()) + "' is given twice");
      }
    }
    for (String name : known) {
      if (!byName.containsKey(name)) {
        throw refused("missing input '" + name + "'; the model takes " + known);
      }
    }
    return byName;
  }

  private static long[] checkShape(TensorSpec spec, InputTensor input) {
    String name = spec.name();
    if (!spec.datatype().name().equals(input.datatype())) {
      throw refused(
          "input '"
              + name
              + "' must be "
              + spec.datatype()
              + ", got '"
              + shown(input.datatype())
              + "'");
    }
    List<Long> shape = input.shape();
    boolean fits = shape.size() == spec.shape().size();
    for (int i = 0; fits && i < shape.size(); i++) {
      fits = spec.shape().get(i) == -1 || spec.shape().get(i).equals(shape.get(i));
    }
    if (!fits) {
      throw refused("input '" + name + "' must have shape " + spec.shape() + ", got " + shape);
    }
    long size = 1;
    for (long dimension : shape) {
      if (dimension <= 0) {
        throw refused("input '" + name + "' is empty: shape " + shape);
      }
      if (size > Integer.MAX_VALUE / dimension) {
        throw refused("input '" + name + "': shape " + shape + " is too large");
      }
      size *= dimension;
    }
    if (size != input.count()) {
      throw refused(
          "input '"
              + name
              + "': shape "
              + shape
              + " needs "
              + size
              + " values, 'data' holds "
              + input.count());
    }
    return shape.stream().mapToLong(Long::longValue).toArray();
  }

  private static Buffer convert(TensorSpec spec, InputTensor input) {
    TensorValues values = input.values();
    String name = spec.name();
    if (spec.datatype() == TensorDatatype.BOOL) {
      if (values.hasNumbers()) {
        throw refused("input '" + name + "' is BOOL: 'data' must hold true or false");
      }
      return booleans(values);
    }
    if (values.hasBooleans()) {
      throw refused(
          "input '"
              + name
              + "' is "
              + spec.datatype()
              + ": 'data' must hold numbers, not booleans");
    }
    return switch (spec.datatype()) {
      case FP32 -> floats(name, values);
      case FP64 -> doubles(name, values);
      case INT32 -> ints(name, values);
      case INT64 -> longs(name, values);
      default ->
          throw new IllegalStateException("the loader admits no " + spec.datatype() + " input");
    };
  }

  private static ByteBuffer booleans(TensorValues values) {
    ByteBuffer data = ByteBuffer.allocate(values.count());
    for (int i = 0; i < values.count(); i++) {
      data.put(i, (byte) values.get(i));
    }
    return data;
  }

  static float[] floatArray(String name, TensorValues values) {
    float[] data = new float[values.count()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) values.get(i);
      if (!Float.isFinite(data[i])) {
        throw refused(
            "input '" + name + "': data[" + i + "] is NaN or infinite (or beyond FP32 range)");
      }
    }
    return data;
  }

  private static FloatBuffer floats(String name, TensorValues values) {
    return FloatBuffer.wrap(floatArray(name, values));
  }

  private static DoubleBuffer doubles(String name, TensorValues values) {
    double[] data = new double[values.count()];
    for (int i = 0; i < data.length; i++) {
      data[i] = values.get(i);
      if (!Double.isFinite(data[i])) {
        throw refused("input '" + name + "': data[" + i + "] is NaN or infinite");
      }
    }
    return DoubleBuffer.wrap(data);
  }

  private static IntBuffer ints(String name, TensorValues values) {
    int[] data = new int[values.count()];
    for (int i = 0; i < data.length; i++) {
      double value = values.get(i);
      if (!(value == Math.rint(value)
          && value >= Integer.MIN_VALUE
          && value <= Integer.MAX_VALUE)) {
        throw refused(
            "input '" + name + "': data[" + i + "] is not an INT32 (a whole number within ±2^31)");
      }
      data[i] = (int) value;
    }
    return IntBuffer.wrap(data);
  }

  private static LongBuffer longs(String name, TensorValues values) {
    if (values.firstInexactInteger() >= 0) {
      throw refused(
          "input '"
              + name
              + "': data["
              + values.firstInexactInteger()
              + "] is beyond the INT64 range (±9223372036854775807)");
    }
    long[] data = new long[values.count()];
    for (int i = 0; i < data.length; i++) {
      double value = values.get(i);
      // A whole number sent as a float (1e19) must still fit: the cast to long would clamp it.
      if (!(value == Math.rint(value) && (double) values.getLong(i) == value)) {
        throw refused(
            "input '" + name + "': data[" + i + "] is not an INT64 (a whole number in its range)");
      }
      data[i] = values.getLong(i);
    }
    return LongBuffer.wrap(data);
  }

  private static String shown(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
  }

  // Callers test first and build the message only for a refusal: several checks run for every
  // value or every request, where an eager message cost more than the check.
  private static V2Exception refused(String message) {
    return V2Exception.badRequest(message);
  }
}

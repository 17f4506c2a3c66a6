package io.sluice.gateway.protocol;

import io.sluice.events.TensorDatatype;
import java.nio.Buffer;

/**
 * One input checked against the model and converted to its datatype, ready for ONNX Runtime.
 *
 * @param name the model's input name
 * @param datatype FP32, FP64, INT32, INT64 or BOOL
 * @param shape the request's shape
 * @param data a FloatBuffer, DoubleBuffer, IntBuffer, LongBuffer, or a ByteBuffer of 0/1 for BOOL
 */
public record ModelInput(String name, TensorDatatype datatype, long[] shape, Buffer data) {}

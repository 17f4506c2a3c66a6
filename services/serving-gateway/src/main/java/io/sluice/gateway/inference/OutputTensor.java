package io.sluice.gateway.inference;

import io.sluice.events.TensorDatatype;

/**
 * One output tensor as the model returned it.
 *
 * @param name the output's name
 * @param datatype FP32, FP64, INT32, INT64, BOOL or BYTES
 * @param shape its dimensions
 * @param data row-major: a float[], double[], int[], long[], boolean[] or String[]
 */
public record OutputTensor(String name, TensorDatatype datatype, long[] shape, Object data) {}

package io.sluice.gateway.protocol;

import java.util.List;

/**
 * One input tensor of an inference request as sent, before it is checked against the model.
 *
 * @param name the input's name
 * @param datatype the V2 datatype as sent, e.g. {@code FP32}
 * @param shape the shape as sent
 * @param data the values, flattened row-major; only the first {@code count} are used
 * @param count how many values the request held
 * @param firstNonFinite index of the first NaN or infinite value, or -1
 */
public record InputTensor(
    String name, String datatype, List<Long> shape, float[] data, int count, int firstNonFinite) {}

package io.sluice.gateway.protocol;

import java.util.List;

/**
 * An Open Inference Protocol V2 inference request as sent.
 *
 * @param id the client's request id, or null
 * @param inputs the input tensors
 * @param outputs the output names asked for; empty means all
 */
public record InferRequest(String id, List<InputTensor> inputs, List<String> outputs) {}

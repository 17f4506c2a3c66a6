package io.sluice.gateway.inference;

/**
 * Where ONNX Runtime runs a model's graph: {@code cpu} (the default, and the fallback) or {@code
 * cuda} (NVIDIA GPUs; needs the {@code onnxruntime_gpu} artifact and a CUDA driver, see
 * docs/serving.md).
 */
public enum ExecutionProvider {
  CPU,
  CUDA
}

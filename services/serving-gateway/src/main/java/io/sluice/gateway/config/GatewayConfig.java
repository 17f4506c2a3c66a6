package io.sluice.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code sluice.gateway.*}: limits and tuning of inference and model loading. */
@ConfigMapping(prefix = "sluice.gateway")
public interface GatewayConfig {

  /** Most rows one inference request may carry; larger batches are refused with 400. */
  @WithDefault("1024")
  int maxBatchSize();

  /** Rows of the synthetic batch a new version must score before it takes traffic. */
  @WithDefault("8")
  int warmupBatchSize();

  /** Largest {@code model.onnx} the gateway downloads; a larger one is never served. */
  @WithDefault("536870912")
  long maxModelBytes();

  /**
   * ONNX Runtime threads per request. 1 suits small models under many concurrent requests: the
   * parallelism comes from the requests, not from splitting one tiny matrix product.
   */
  @WithDefault("1")
  int intraOpThreads();
}

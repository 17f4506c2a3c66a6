package io.sluice.gateway.config;

import io.sluice.gateway.inference.ExecutionProvider;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Models whose V2 endpoints (metadata, readiness, inference) anyone may call without a token, for
   * teams that serve a public model. Every other model needs a token with the {@code inference}
   * role.
   */
  Optional<Set<String>> openModels();

  /** How ONNX Runtime runs the models. */
  Onnx onnx();

  /** {@code sluice.gateway.onnx.*}. */
  interface Onnx {

    /**
     * {@code cpu} or {@code cuda}. With {@code cuda}, a version that cannot get the CUDA provider
     * (no GPU, no driver, or the CPU-only ONNX Runtime artifact) is served on the CPU, with a
     * warning; the model's metadata says which one serves it.
     */
    @WithDefault("cpu")
    ExecutionProvider executionProvider();

    /** The GPU the CUDA provider uses. */
    @WithDefault("0")
    int cudaDevice();
  }

  /** How approved versions are prepared. */
  Promotion promotion();

  /** {@code sluice.gateway.promotion.*}. */
  interface Promotion {

    /**
     * How often each replica looks for approved versions that nobody prepares: requested on another
     * replica, or due for another try. An evaluation wakes its own replica at once.
     */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * How long one replica may prepare one version (download, verify, load, warm up) before another
     * takes it over.
     */
    @WithDefault("10m")
    Duration lease();
  }
}

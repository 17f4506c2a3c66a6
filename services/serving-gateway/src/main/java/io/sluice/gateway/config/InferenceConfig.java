package io.sluice.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code sluice.gateway.inference.*}: on which threads {@code /infer} requests are scored. */
@ConfigMapping(prefix = "sluice.gateway.inference")
public interface InferenceConfig {

  /** Where a model scores a request. */
  enum Dispatch {
    /**
     * On the I/O event loop while the model's measured time per request stays small, on the worker
     * pool once it is slow (and for a new version's first requests, until it has been measured).
     */
    AUTO,
    /** Always on the I/O event loop: fastest for tiny models, but a slow one stalls its loop. */
    EVENT_LOOP,
    /** Always on Quarkus' worker pool: one thread hand-off per request. */
    WORKER,
    /** On a new virtual thread per request (Java 21+; on Java 17 Quarkus uses the worker pool). */
    VIRTUAL_THREADS
  }

  /** {@code auto}, {@code event-loop}, {@code worker} or {@code virtual-threads}. */
  @WithDefault("auto")
  Dispatch dispatch();

  /** How {@code auto} tells a fast model from a slow one. */
  Auto auto();

  /** {@code sluice.gateway.inference.auto.*}. */
  interface Auto {

    /**
     * A version's first requests, scored on the worker pool to measure it before it may run on the
     * event loop.
     */
    @WithDefault("16")
    int probeRequests();

    /**
     * A moving average of the scoring time (weight 1/8, microseconds) above this moves its version
     * to the worker pool at once: one request eight times slower does it alone.
     */
    @WithDefault("500")
    long workerAboveMicros();

    /**
     * A version on the worker pool returns to the event loop once its average scoring time falls
     * below this (microseconds); the gap to {@code worker-above-micros} keeps it from flapping.
     */
    @WithDefault("200")
    long eventLoopBelowMicros();

    /** A request body larger than this is always scored on the worker pool: a big batch is slow. */
    @WithDefault("65536")
    int workerAboveBodyBytes();
  }
}

package io.sluice.gateway.infer;

import io.quarkus.virtual.threads.VirtualThreads;
import io.sluice.gateway.config.InferenceConfig;
import io.sluice.gateway.config.InferenceConfig.Dispatch;
import io.sluice.gateway.inference.ScoringCost;
import io.sluice.gateway.inference.ServedModel;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Picks the thread that scores a request ({@code sluice.gateway.inference.dispatch}): the I/O event
 * loop that read it (no hand-off, but nothing else on that loop moves meanwhile), Quarkus' worker
 * pool, or a virtual thread. {@code auto} keeps each version on the loop while its {@link
 * ScoringCost} says it is cheap, so that a 50 ms model never holds up the Iris model.
 */
@Singleton
public class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  private final Dispatch mode;
  private final Executor offLoop;
  private final Supplier<ScoringCost> costs;
  private final int workerAboveBodyBytes;

  Dispatcher(InferenceConfig config, @VirtualThreads Instance<ExecutorService> virtualThreads) {
    this.mode = config.dispatch();
    InferenceConfig.Auto auto = config.auto();
    this.costs =
        () ->
            new ScoringCost(
                auto.probeRequests(),
                auto.workerAboveMicros() * 1_000,
                auto.eventLoopBelowMicros() * 1_000);
    this.workerAboveBodyBytes = auto.workerAboveBodyBytes();
    // Only this mode asks for virtual threads: on Java 17 Quarkus warns and uses its worker pool.
    this.offLoop =
        mode == Dispatch.VIRTUAL_THREADS
            ? virtualThreads.get()
            : Infrastructure.getDefaultWorkerPool();
    LOG.infof("inference dispatch: %s", mode.name().toLowerCase().replace('_', '-'));
  }

  /**
   * Runs {@code scoring} of one request to {@code model} here (the event loop) or hands it off.
   * {@code scoring} must answer the request itself, from whatever thread runs it.
   */
  public void dispatch(ServedModel model, int bodyBytes, ScoringTask scoring) {
    if (runsInline(model, bodyBytes)) {
      scoring.run(model.cost(costs));
    } else {
      offLoop.execute(() -> scoring.run(model.cost(costs)));
    }
  }

  private boolean runsInline(ServedModel model, int bodyBytes) {
    return switch (mode) {
      case EVENT_LOOP -> true;
      case WORKER, VIRTUAL_THREADS -> false;
      case AUTO -> bodyBytes <= workerAboveBodyBytes && model.cost(costs).runsInline();
    };
  }

  /** Scores one request and records its scoring time in the version's cost. */
  @FunctionalInterface
  public interface ScoringTask {
    void run(ScoringCost cost);
  }
}

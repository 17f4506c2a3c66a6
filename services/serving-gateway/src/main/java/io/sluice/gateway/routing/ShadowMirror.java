package io.sluice.gateway.routing;

import io.sluice.gateway.config.RoutingConfig;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.routing.VersionCounters.Outcome;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Shadow traffic: a copy of a request the stable version answered is scored by the candidate on a
 * small bounded pool, off the request's path. The client's answer never waits for the copy nor
 * depends on it; when the pool and its queue are full the copy is dropped and counted. The
 * candidate's answer is only compared with the stable one's (same labels or not) and discarded; its
 * latency (scoring time, not time queued) and failures go into its counters.
 */
@Singleton
public class ShadowMirror {

  /** Scores a request body with a version and returns its labels; what the request path does. */
  @FunctionalInterface
  public interface Scorer {
    String[] labels(ServedModel model, byte[] body) throws Exception;
  }

  private static final Logger LOG = Logger.getLogger(ShadowMirror.class);

  private final VersionCounters measurements;
  private final ThreadPoolExecutor executor;

  public ShadowMirror(VersionCounters measurements, RoutingConfig config) {
    this.measurements = measurements;
    RoutingConfig.Shadow shadow = config.shadow();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            shadow.threads(),
            shadow.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(shadow.queueSize()),
            task -> {
              Thread thread = new Thread(task, "sluice-shadow-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Queues a copy of one request for the candidate, or drops it when the pool is full; returns at
   * once either way. Takes over the caller's reference to {@code candidate}.
   *
   * @param stableLabels what the stable version answered
   */
  public void mirror(
      String model, ServedModel candidate, byte[] body, String[] stableLabels, Scorer scorer) {
    try {
      executor.execute(() -> score(model, candidate, body, stableLabels, scorer));
    } catch (RejectedExecutionException e) {
      // Recorded before the release: a release that closes the version removes its counters.
      measurements.recordShadowDropped(model, candidate.versionNumber());
      candidate.release();
    }
  }

  private void score(
      String model, ServedModel candidate, byte[] body, String[] stableLabels, Scorer scorer) {
    long start = System.nanoTime();
    Outcome outcome = Outcome.ERROR;
    try {
      String[] labels = scorer.labels(candidate, body);
      outcome = Outcome.OK;
      measurements.recordComparison(
          model, candidate.versionNumber(), Arrays.equals(labels, stableLabels));
    } catch (Exception e) {
      // A request the stable version answered and the candidate cannot (even a 400 from its
      // signature) is the candidate's failure.
      LOG.debugf("shadow copy failed on %s: %s", candidate.version(), e.getMessage());
    } finally {
      measurements.record(model, candidate.versionNumber(), outcome, System.nanoTime() - start);
      candidate.release();
    }
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}

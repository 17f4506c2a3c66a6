package io.sluice.bench.orchestrator;

import io.sluice.events.DataArrived;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** Starts runs by producing dataset versions and waits for them to finish, measuring each. */
final class Scenarios {

  private static final long RUN_TIMEOUT_SECONDS = 60;
  private static final long BATCH_TIMEOUT_SECONDS = 600;

  private final DatasetDrops drops;
  private final SimulatedExecutor executor;
  private final StoredRuns stored;

  Scenarios(DatasetDrops drops, SimulatedExecutor executor, StoredRuns stored) {
    this.drops = drops;
    this.executor = executor;
    this.stored = stored;
  }

  /** {@code runs} runs one after the other: each starts when the previous one succeeded. */
  ScenarioResult oneAtATime(String name, int runs)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    long storedRuns = stored.count();
    Measurement measurement = new Measurement();
    executor.measureInto(measurement);
    long start = System.nanoTime();
    long end = start;
    for (int i = 0; i < runs; i++) {
      end = startRun().get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
    return new ScenarioResult(name, runs, storedRuns, measurement, end - start);
  }

  /** {@code runs} runs started all at once; the executor answers as fast as it can. */
  ScenarioResult concurrent(String name, int runs)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    long storedRuns = stored.count();
    Measurement measurement = new Measurement();
    executor.measureInto(measurement);
    long start = System.nanoTime();
    List<CompletableFuture<Long>> finished = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      finished.add(startRun());
    }
    CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new))
        .get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long end = finished.stream().mapToLong(CompletableFuture::join).max().orElse(start);
    return new ScenarioResult(name, runs, storedRuns, measurement, end - start);
  }

  /**
   * {@code runs} runs in flight at once at a steady rate: each step "takes" {@code stepDuration},
   * and run starts are spread evenly over one step duration, so step outcomes arrive at about
   * {@code runs / stepDuration} per second instead of in one burst.
   */
  ScenarioResult steady(String name, int runs, Duration stepDuration)
      throws SQLException, InterruptedException, ExecutionException, TimeoutException {
    long storedRuns = stored.count();
    Measurement measurement = new Measurement();
    executor.measureInto(measurement);
    executor.simulateStepsTaking(stepDuration);
    try {
      long start = System.nanoTime();
      long interval = stepDuration.toNanos() / runs;
      List<CompletableFuture<Long>> finished = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        LockSupport.parkNanos(start + i * interval - System.nanoTime());
        finished.add(startRun());
      }
      CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new))
          .get(BATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      long end = finished.stream().mapToLong(CompletableFuture::join).max().orElse(start);
      return new ScenarioResult(name, runs, storedRuns, measurement, end - start);
    } finally {
      executor.simulateStepsTaking(Duration.ZERO);
    }
  }

  private CompletableFuture<Long> startRun() {
    DataArrived version = drops.nextVersion();
    CompletableFuture<Long> finished = executor.expect(version.versionId(), System.nanoTime());
    drops.send(version);
    return finished;
  }
}

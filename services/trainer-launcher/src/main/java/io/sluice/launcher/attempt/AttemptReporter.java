package io.sluice.launcher.attempt;

import io.sluice.eventing.LogIds;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import io.sluice.launcher.local.StepProcessId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Turns an executor's report into the attempt's final state and event. An outcome is never dropped:
 * it stays pending (counted by {@link #pendingCount()}, heartbeated for as a live attempt) and is
 * retried with capped backoff for as long as the database is unavailable, on this reporter's own
 * thread, so no executor thread waits for the database.
 *
 * <p>Pending outcomes live in memory: if the launcher also dies before the database comes back, the
 * recovery answers for the attempt (a Job's result is read again; a local attempt is reported
 * EXECUTOR_LOST, retryable). Attempts are launched only after the transaction that records them
 * commits, so a missing row is a rare race; an outcome whose row never appears within {@link
 * #ROW_PATIENCE} has nobody to report to and is logged and dropped.
 */
public final class AttemptReporter implements Executor.AttemptListener, AutoCloseable {

  static final Duration ROW_PATIENCE = Duration.ofMinutes(2);
  private static final Duration FIRST_DELAY = Duration.ofMillis(50);
  private static final Logger LOG = Logger.getLogger(AttemptReporter.class);

  private final Transactor transactor;
  private final AttemptStore store;
  private final AttemptFinisher finisher;
  private final Duration maxDelay;
  private final Map<AttemptKey, AttemptOutcome> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(LogIds.detached(task), "attempt-reporter");
            thread.setDaemon(true);
            return thread;
          });

  /** {@code maxDelay}: the longest pause between two tries to record an outcome. */
  public AttemptReporter(
      Transactor transactor, AttemptStore store, AttemptFinisher finisher, Duration maxDelay) {
    this.transactor = transactor;
    this.store = store;
    this.finisher = finisher;
    this.maxDelay = maxDelay;
  }

  /** How many outcomes are waiting to be recorded (the database is unavailable). */
  public int pendingCount() {
    return pending.size();
  }

  /** The attempts whose outcome is waiting to be recorded: still this launcher's to answer for. */
  public Set<AttemptKey> pending() {
    return Set.copyOf(pending.keySet());
  }

  @Override
  public void started(StepRequested request, String node, Instant at) {
    AttemptKey key = AttemptKey.of(request);
    if (!retryForAWhile(() -> tryRecordStart(key, node, at))) {
      LOG.errorf("%s: start on %s not recorded", key, node);
    }
  }

  private boolean tryRecordStart(AttemptKey key, String node, Instant at) {
    return tryInTransaction(
        key,
        "the start",
        connection -> {
          if (store.findForUpdate(connection, key).isEmpty()) {
            return false; // the recording transaction has not committed yet
          }
          if (finisher.recordStart(connection, key, node, at)) {
            LOG.infof("%s: running on %s", key, node);
          }
          return true;
        });
  }

  /** Recorded off the step's thread: the step's timeout must not wait for the database. */
  @Override
  public void processStarted(StepRequested request, long pid, Instant processStartedAt) {
    AttemptKey key = AttemptKey.of(request);
    StepProcessId process = new StepProcessId(pid, processStartedAt);
    retries.execute(
        () -> {
          if (!retryForAWhile(() -> tryRecordProcess(key, process))) {
            LOG.errorf("%s: process %d not recorded", key, pid);
          }
        });
  }

  private boolean tryRecordProcess(AttemptKey key, StepProcessId process) {
    return tryInTransaction(
        key,
        "the process",
        connection -> {
          store.recordProcess(connection, key, process);
          return true;
        });
  }

  /** Tries once now; while that fails the outcome stays pending and is retried later. */
  @Override
  public void ended(StepRequested request, AttemptOutcome outcome) {
    AttemptKey key = AttemptKey.of(request);
    pending.put(key, outcome);
    attempt(key, outcome, FIRST_DELAY, System.nanoTime() + ROW_PATIENCE.toNanos());
  }

  private void attempt(AttemptKey key, AttemptOutcome outcome, Duration delay, long rowDeadline) {
    Optional<Boolean> recorded = tryReport(key, outcome);
    if (recorded.orElse(false)) {
      pending.remove(key);
      return;
    }
    long nextDeadline = rowDeadline;
    if (recorded.isEmpty()) {
      nextDeadline = System.nanoTime() + ROW_PATIENCE.toNanos(); // an outage, not a missing row
    } else if (System.nanoTime() > rowDeadline) {
      pending.remove(key);
      LOG.errorf("%s: no attempt recorded, outcome %s dropped", key, outcome);
      return;
    }
    Duration next =
        delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
    long deadline = nextDeadline;
    retries.schedule(
        () -> attempt(key, outcome, next, deadline), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * True when the outcome is recorded or the attempt had already ended; false when its row is not
   * there (yet); empty when the database failed.
   */
  private Optional<Boolean> tryReport(AttemptKey key, AttemptOutcome outcome) {
    try {
      return Optional.of(
          transactor.inTransaction(
              connection -> {
                Optional<StoredAttempt> attempt = store.findForUpdate(connection, key);
                if (attempt.isEmpty()) {
                  return false; // the recording transaction has not committed yet
                }
                if (finisher.finish(connection, attempt.get(), outcome)) {
                  LOG.infof("%s: %s", key, describe(outcome));
                }
                return true;
              }));
    } catch (TransactionFailedException e) {
      LOG.warnf(
          "%s: recording the outcome failed, keeping it and retrying: %s", key, e.getMessage());
      return Optional.empty();
    }
  }

  private boolean tryInTransaction(
      AttemptKey key, String what, io.sluice.eventing.SqlWork<Boolean> work) {
    try {
      return transactor.inTransaction(work);
    } catch (TransactionFailedException e) {
      LOG.warnf("%s: recording %s failed, retrying: %s", key, what, e.getMessage());
      return false;
    }
  }

  /** Repeats {@code recorded} with backoff until it says true or {@link #ROW_PATIENCE} runs out. */
  private boolean retryForAWhile(BooleanSupplier recorded) {
    long giveUpAt = System.nanoTime() + ROW_PATIENCE.toNanos();
    Duration delay = FIRST_DELAY;
    while (!recorded.getAsBoolean()) {
      if (System.nanoTime() > giveUpAt) {
        return false;
      }
      pause(delay);
      delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
    }
    return true;
  }

  private static String describe(AttemptOutcome outcome) {
    if (outcome instanceof AttemptOutcome.Succeeded done) {
      return "done, exit code " + done.exitCode();
    }
    AttemptOutcome.Failed failed = (AttemptOutcome.Failed) outcome;
    return "failed " + failed.reason() + ": " + failed.message();
  }

  private static void pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording", e);
    }
  }

  /** Stops retrying; outcomes still pending are answered for by the recovery of the next start. */
  @Override
  public void close() {
    if (!pending.isEmpty()) {
      LOG.warnf(
          "stopping with %d outcomes not recorded; recovery will answer for them", pending.size());
    }
    retries.shutdownNow();
  }
}

package io.sluice.launcher.attempt;

import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Turns an executor's report into the attempt's final state and event. Attempts are launched only
 * after the transaction that records them commits, so the row is normally there; should it not be
 * visible yet, or the database be down, the report waits and retries with backoff for at most
 * {@link #PATIENCE}; after that the restart recovery answers for the attempt.
 */
public final class AttemptReporter implements Executor.AttemptListener {

  static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final Duration MAX_DELAY = Duration.ofSeconds(5);
  private static final Logger LOG = Logger.getLogger(AttemptReporter.class);

  private final Transactor transactor;
  private final AttemptStore store;
  private final AttemptFinisher finisher;

  public AttemptReporter(Transactor transactor, AttemptStore store, AttemptFinisher finisher) {
    this.transactor = transactor;
    this.store = store;
    this.finisher = finisher;
  }

  @Override
  public void started(StepRequested request, String node, Instant at) {
    AttemptKey key = AttemptKey.of(request);
    if (!retryForAWhile(() -> tryRecordStart(key, node, at))) {
      LOG.errorf("%s: start on %s not recorded", key, node);
    }
  }

  private boolean tryRecordStart(AttemptKey key, String node, Instant at) {
    try {
      return transactor.inTransaction(
          connection -> {
            if (store.findForUpdate(connection, key).isEmpty()) {
              return false; // the recording transaction has not committed yet
            }
            if (finisher.recordStart(connection, key, node, at)) {
              LOG.infof("%s: running on %s", key, node);
            }
            return true;
          });
    } catch (TransactionFailedException e) {
      LOG.warnf("%s: recording the start failed, retrying: %s", key, e.getMessage());
      return false;
    }
  }

  @Override
  public void ended(StepRequested request, AttemptOutcome outcome) {
    AttemptKey key = AttemptKey.of(request);
    if (!retryForAWhile(() -> tryReport(key, outcome))) {
      LOG.errorf("%s: outcome %s not recorded; recovery will report it lost", key, outcome);
    }
  }

  /** Repeats {@code recorded} with backoff until it says true or {@link #PATIENCE} runs out. */
  private static boolean retryForAWhile(BooleanSupplier recorded) {
    long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
    Duration delay = Duration.ofMillis(20);
    while (!recorded.getAsBoolean()) {
      if (System.nanoTime() > giveUpAt) {
        return false;
      }
      pause(delay);
      delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
    }
    return true;
  }

  /** True when the outcome is recorded or the attempt had already ended; false to try again. */
  private boolean tryReport(AttemptKey key, AttemptOutcome outcome) {
    try {
      return transactor.inTransaction(
          connection -> {
            Optional<StoredAttempt> attempt = store.findForUpdate(connection, key);
            if (attempt.isEmpty()) {
              return false; // the recording transaction has not committed yet
            }
            if (finisher.finish(connection, attempt.get(), outcome)) {
              LOG.infof("%s: %s", key, describe(outcome));
            }
            return true;
          });
    } catch (TransactionFailedException e) {
      LOG.warnf("%s: recording the outcome failed, retrying: %s", key, e.getMessage());
      return false;
    }
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
      throw new IllegalStateException("interrupted while recording an outcome", e);
    }
  }
}

package io.sluice.launcher.attempt;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.OutboxMessage;
import io.sluice.events.FailureReason;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Records an attempt's end and queues its {@code step.done} / {@code step.failed} in one
 * transaction. Only a STARTED attempt is finished, so each attempt is answered exactly once
 * whichever of the worker, a cancel or the restart recovery gets there first.
 */
public final class AttemptFinisher {

  private final AttemptStore store;
  private final Outbox outbox;

  public AttemptFinisher(AttemptStore store, Outbox outbox) {
    this.store = store;
    this.outbox = outbox;
  }

  /**
   * Records that the attempt's command started and queues its {@code step.started}, once; false
   * when it had already ended or its start was recorded before.
   */
  public boolean recordStart(Connection connection, AttemptKey key, String node, Instant at)
      throws SQLException {
    Optional<StoredAttempt> started = store.markStarted(connection, key, node, at);
    if (started.isEmpty()) {
      return false;
    }
    outbox.append(
        connection, LauncherEvents.inChainOf(started.get(), LauncherEvents.started(started.get())));
    return true;
  }

  /** False when the attempt had already ended (nothing is written then). */
  public boolean finish(Connection connection, StoredAttempt attempt, AttemptOutcome outcome)
      throws SQLException {
    if (outcome instanceof AttemptOutcome.Succeeded done) {
      return finishDone(connection, attempt, done);
    }
    return finishFailed(connection, attempt, (AttemptOutcome.Failed) outcome);
  }

  private boolean finishDone(
      Connection connection, StoredAttempt attempt, AttemptOutcome.Succeeded done)
      throws SQLException {
    OutboxMessage event =
        OutboxMessage.of(LauncherEvents.inChainOf(attempt, LauncherEvents.done(attempt, done)));
    if (!outbox.fits(event)) {
      // Retrying would write the same outputs again: the step has to write fewer files.
      return finishFailed(connection, attempt, tooLargeToAnnounce(done));
    }
    if (!store.finish(connection, attempt.key(), AttemptState.DONE, null, done.finishedAt())) {
      return false;
    }
    outbox.append(connection, event);
    return true;
  }

  private AttemptOutcome.Failed tooLargeToAnnounce(AttemptOutcome.Succeeded done) {
    int files = done.outputs().stream().mapToInt(output -> output.files().size()).sum();
    return new AttemptOutcome.Failed(
        FailureReason.OUTPUT_UPLOAD_FAILED,
        "the outputs hold "
            + files
            + " files, too many to list in step.done (over the "
            + outbox.maxRecordBytes()
            + "-byte event limit); write fewer, larger files, e.g. one archive per output",
        false,
        done.exitCode(),
        "",
        done.finishedAt());
  }

  private boolean finishFailed(
      Connection connection, StoredAttempt attempt, AttemptOutcome.Failed failed)
      throws SQLException {
    String reason = failed.reason().name();
    if (!store.finish(
        connection, attempt.key(), AttemptState.FAILED, reason, failed.finishedAt())) {
      return false;
    }
    outbox.append(
        connection, LauncherEvents.inChainOf(attempt, LauncherEvents.failed(attempt, failed)));
    return true;
  }
}

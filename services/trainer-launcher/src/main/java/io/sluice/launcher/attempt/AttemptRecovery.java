package io.sluice.launcher.attempt;

import io.sluice.eventing.Transactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Answers for attempts whose launcher died while running them: every STARTED attempt of an owner
 * whose {@link OwnerLocks lock} is free is reported failed with EXECUTOR_LOST (retryable), instead
 * of being forgotten. Runs at startup, before this launcher consumes anything.
 */
public final class AttemptRecovery {

  private static final Logger LOG = Logger.getLogger(AttemptRecovery.class);

  private final Transactor transactor;
  private final AttemptStore store;
  private final AttemptFinisher finisher;
  private final Clock clock;

  public AttemptRecovery(
      Transactor transactor, AttemptStore store, AttemptFinisher finisher, Clock clock) {
    this.transactor = transactor;
    this.store = store;
    this.finisher = finisher;
    this.clock = clock;
  }

  /**
   * Reports the lost attempts of every dead owner; {@code session} is the live launcher's own lock
   * session (holding {@code self}'s lock). Returns how many attempts were reported.
   */
  public int recover(Connection session, String self) throws SQLException {
    List<String> owners =
        transactor.inTransaction(connection -> store.ownersWithStarted(connection, self));
    int reported = 0;
    for (String owner : owners) {
      if (OwnerLocks.tryLock(session, owner)) {
        try {
          reported += reportLost(owner);
        } finally {
          OwnerLocks.unlock(session, owner);
        }
      }
    }
    return reported;
  }

  private int reportLost(String owner) {
    return transactor.inTransaction(
        connection -> {
          int count = 0;
          for (StoredAttempt attempt : store.startedBy(connection, owner)) {
            if (finisher.finish(
                connection, attempt, LauncherEvents.lost(attempt, clock.instant()))) {
              LOG.warnf("%s: lost with launcher %s, reported EXECUTOR_LOST", attempt.key(), owner);
              count++;
            }
          }
          return count;
        });
  }
}

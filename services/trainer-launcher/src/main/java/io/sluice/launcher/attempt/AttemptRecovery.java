package io.sluice.launcher.attempt;

import io.sluice.eventing.Transactor;
import io.sluice.events.Json;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.Executor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Answers for attempts whose launcher died while running them. Every STARTED attempt of an owner
 * whose {@link OwnerLocks lock} is free is either re-attached (its executor outlives launchers,
 * e.g. a Kubernetes Job, and its request was kept: this launcher adopts it and follows it to its
 * end) or reported failed with EXECUTOR_LOST (retryable), instead of being forgotten.
 */
public final class AttemptRecovery {

  private static final Logger LOG = Logger.getLogger(AttemptRecovery.class);

  private final Transactor transactor;
  private final AttemptStore store;
  private final AttemptFinisher finisher;
  private final Executor executor;
  private final Executor.AttemptListener listener;
  private final Clock clock;

  public AttemptRecovery(
      Transactor transactor,
      AttemptStore store,
      AttemptFinisher finisher,
      Executor executor,
      Executor.AttemptListener listener,
      Clock clock) {
    this.transactor = transactor;
    this.store = store;
    this.finisher = finisher;
    this.executor = executor;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Recovers the attempts of every dead owner; {@code session} is the live launcher's own lock
   * session (holding {@code self}'s lock). Returns how many attempts were reported or re-attached.
   */
  public int recover(Connection session, String self) throws SQLException {
    List<String> owners =
        transactor.inTransaction(connection -> store.ownersWithStarted(connection, self));
    int recovered = 0;
    for (String owner : owners) {
      if (OwnerLocks.tryLock(session, owner)) {
        try {
          recovered += recoverFrom(owner, self);
        } finally {
          OwnerLocks.unlock(session, owner);
        }
      }
    }
    return recovered;
  }

  private int recoverFrom(String owner, String self) {
    List<StepRequested> adopted = new ArrayList<>();
    int reported =
        transactor.inTransaction(
            connection -> {
              Map<AttemptKey, String> requests =
                  executor.outlivesLauncher() ? store.requestsOf(connection, owner) : Map.of();
              int count = 0;
              for (StoredAttempt attempt : store.startedBy(connection, owner)) {
                String request = requests.get(attempt.key());
                if (request != null && attempt.executor().equals(executor.name())) {
                  store.adopt(connection, attempt.key(), self);
                  adopted.add(Json.mapper().readValue(request, StepRequested.class));
                } else if (finisher.finish(
                    connection, attempt, LauncherEvents.lost(attempt, clock.instant()))) {
                  LOG.warnf(
                      "%s: lost with launcher %s, reported EXECUTOR_LOST", attempt.key(), owner);
                  count++;
                }
              }
              return count;
            });
    // Only once the adoption committed: a rolled-back one must leave the attempt to others.
    for (StepRequested request : adopted) {
      LOG.infof("%s: re-attached, its launcher %s is gone", AttemptKey.of(request), owner);
      executor.launch(request, listener);
    }
    return reported + adopted.size();
  }
}

package io.sluice.launcher.attempt;

import io.sluice.eventing.Transactor;
import io.sluice.events.Json;
import io.sluice.events.StepRequested;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.AttemptOutcome;
import io.sluice.launcher.exec.Executor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Answers for attempts whose launcher is gone. An owner is gone when its {@link OwnerLocks lock}
 * can be taken, and only its attempts whose lease lapsed (no heartbeat for a whole lease) are
 * touched: a live launcher whose lock session dropped keeps heartbeating and keeps its attempts.
 * Nothing is declared unless this launcher holds its own lock right now. Each attempt is either
 * re-attached (its executor outlives launchers, e.g. a Kubernetes Job, and its request was kept:
 * this launcher adopts it and follows it to its end), or its leftover host process is killed and it
 * is reported: CANCELLED when a cancel was pending, else EXECUTOR_LOST (retryable).
 */
public final class AttemptRecovery {

  private static final Logger LOG = Logger.getLogger(AttemptRecovery.class);
  private static final Duration KILL_PATIENCE = Duration.ofSeconds(10);

  private final Transactor transactor;
  private final AttemptStore store;
  private final AttemptFinisher finisher;
  private final Executor executor;
  private final Executor.AttemptListener listener;
  private final Duration lease;
  private final Clock clock;

  public AttemptRecovery(
      Transactor transactor,
      AttemptStore store,
      AttemptFinisher finisher,
      Executor executor,
      Executor.AttemptListener listener,
      Duration lease,
      Clock clock) {
    this.transactor = transactor;
    this.store = store;
    this.finisher = finisher;
    this.executor = executor;
    this.listener = listener;
    this.lease = lease;
    this.clock = clock;
  }

  /**
   * Recovers the lapsed attempts of every gone owner, while {@code lock} (this launcher's, {@code
   * self}) is held; returns how many attempts were reported or re-attached.
   */
  public int recover(OwnerLock lock, String self) throws SQLException {
    List<String> owners =
        transactor.inTransaction(connection -> store.ownersWithStarted(connection, self));
    int recovered = 0;
    for (String owner : owners) {
      if (Boolean.TRUE.equals(lock.whileHeld(session -> OwnerLocks.tryLock(session, owner)))) {
        try {
          recovered += recoverFrom(owner, self, true);
        } finally {
          lock.whileHeld(session -> unlock(session, owner));
        }
      }
    }
    return recovered;
  }

  /**
   * At start-up, before anything is launched: the attempts still recorded under this launcher's own
   * id are from its previous life (a restart with a fixed instance id), whatever their lease.
   */
  public int recoverPreviousLife(String self) {
    return recoverFrom(self, self, false);
  }

  private static boolean unlock(Connection session, String owner) throws SQLException {
    OwnerLocks.unlock(session, owner);
    return true;
  }

  private int recoverFrom(String owner, String self, boolean onlyLapsed) {
    List<StepRequested> adopted = new ArrayList<>();
    int reported =
        transactor.inTransaction(
            connection -> {
              Map<AttemptKey, String> requests =
                  executor.outlivesLauncher() ? store.requestsOf(connection, owner) : Map.of();
              int count = 0;
              for (OwnedAttempt owned : store.recoverable(connection, owner, lease, onlyLapsed)) {
                StoredAttempt attempt = owned.attempt();
                String request = requests.get(attempt.key());
                if (request != null && attempt.executor().equals(executor.name())) {
                  store.adopt(connection, attempt.key(), self);
                  adopted.add(Json.mapper().readValue(request, StepRequested.class));
                } else if (leftoverGone(owned, owner)
                    && finisher.finish(connection, attempt, outcomeOf(owned))) {
                  LOG.warnf(
                      "%s: launcher %s is gone, reported %s", attempt.key(), owner, reason(owned));
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

  /**
   * Kills the attempt's leftover host process, if one was recorded; false when it runs on another
   * node (that node's next launcher finds it; the orchestrator's lease watchdog covers a node that
   * never comes back) or would not die: the attempt is then not reported, so it never runs twice.
   */
  private boolean leftoverGone(OwnedAttempt owned, String owner) {
    if (owned.process().isEmpty()) {
      return true;
    }
    AttemptKey key = owned.attempt().key();
    if (!owned.attempt().node().equals(executor.node())) {
      LOG.warnf(
          "%s: launcher %s is gone but its process ran on %s; left to a launcher there",
          key, owner, owned.attempt().node());
      return false;
    }
    boolean gone = owned.process().get().killTree(KILL_PATIENCE);
    if (gone) {
      LOG.warnf(
          "%s: leftover process %d of launcher %s stopped",
          key, owned.process().get().pid(), owner);
    } else {
      LOG.errorf(
          "%s: leftover process %d would not stop; not reported yet",
          key, owned.process().get().pid());
    }
    return gone;
  }

  private AttemptOutcome.Failed outcomeOf(OwnedAttempt owned) {
    if (owned.cancelReason().isPresent()) {
      return LauncherEvents.cancelled(owned.cancelReason().get(), clock.instant());
    }
    return LauncherEvents.lost(owned.attempt(), clock.instant());
  }

  private static String reason(OwnedAttempt owned) {
    return owned.cancelReason().isPresent() ? "CANCELLED" : "EXECUTOR_LOST";
  }
}

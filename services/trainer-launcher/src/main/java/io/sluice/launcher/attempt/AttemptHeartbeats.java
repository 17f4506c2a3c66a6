package io.sluice.launcher.attempt;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.Transactor;
import io.sluice.events.EventEnvelope;
import io.sluice.events.StepHeartbeat;
import io.sluice.launcher.exec.AttemptKey;
import io.sluice.launcher.exec.Executor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What a launcher does for the attempts it owns, every {@code lease / 3}: in one transaction it
 * renews their leases and queues one {@code step.heartbeat} each (so many attempts cost one round
 * of statements, not one transaction each); it hands cancel requests recorded for them to the
 * executor; and it reports those it no longer runs (their end was never reported, e.g. a worker
 * died) as lost once their lease lapsed. An attempt is live while the executor runs it or its
 * outcome waits to be recorded; heartbeats stop once the outcome is recorded.
 */
public final class AttemptHeartbeats {

  private static final Logger LOG = Logger.getLogger(AttemptHeartbeats.class);

  private final Transactor transactor;
  private final AttemptStore store;
  private final AttemptFinisher finisher;
  private final Outbox outbox;
  private final Executor executor;
  private final AttemptReporter reporter;
  private final String self;
  private final Duration lease;
  private final Clock clock;
  private final Set<AttemptKey> cancelsHandedOver = ConcurrentHashMap.newKeySet();

  public AttemptHeartbeats(
      Transactor transactor,
      AttemptStore store,
      AttemptFinisher finisher,
      Outbox outbox,
      Executor executor,
      AttemptReporter reporter,
      String self,
      Duration lease,
      Clock clock) {
    this.transactor = transactor;
    this.store = store;
    this.finisher = finisher;
    this.outbox = outbox;
    this.executor = executor;
    this.reporter = reporter;
    this.self = self;
    this.lease = lease;
    this.clock = clock;
  }

  /** The heartbeat of one attempt, as the contract has it. */
  public StepHeartbeat heartbeatOf(StoredAttempt attempt) {
    AttemptKey key = attempt.key();
    return new StepHeartbeat(
        key.runId(),
        key.stepName(),
        key.attempt(),
        key.shardIndex(),
        attempt.executor(),
        self,
        clock.instant(),
        (int) Math.max(1, lease.toSeconds()));
  }

  /** Queues the heartbeat sent when this launcher takes an attempt, on the caller's transaction. */
  public void first(Connection connection, StoredAttempt attempt) throws SQLException {
    outbox.append(connection, LauncherEvents.inChainOf(attempt, heartbeatOf(attempt)));
  }

  /** One round; returns how many heartbeats it queued. */
  public int beat() {
    Set<AttemptKey> live = new HashSet<>(executor.live());
    live.addAll(reporter.pending());
    Map<AttemptKey, String> cancels = new ConcurrentHashMap<>();
    int sent =
        transactor.inTransaction(
            connection -> {
              List<AttemptKey> renewed = new ArrayList<>();
              for (OwnedAttempt owned : store.ownedBy(connection, self, lease, false)) {
                AttemptKey key = owned.attempt().key();
                if (live.contains(key)) {
                  renewed.add(key);
                  outbox.append(connection, heartbeatEvent(owned.attempt()));
                  owned.cancelReason().ifPresent(reason -> cancels.put(key, reason));
                } else if (owned.lapsed() && reportGone(connection, owned)) {
                  LOG.warnf("%s: not running here any more and never reported; reported lost", key);
                }
              }
              store.renewLeases(connection, renewed);
              return renewed.size();
            });
    cancels.forEach(this::handOverCancel);
    cancelsHandedOver.retainAll(live);
    return sent;
  }

  private EventEnvelope<StepHeartbeat> heartbeatEvent(StoredAttempt attempt) {
    return LauncherEvents.inChainOf(attempt, heartbeatOf(attempt));
  }

  private boolean reportGone(Connection connection, OwnedAttempt owned) throws SQLException {
    if (owned.cancelReason().isPresent()) {
      return finisher.finish(
          connection,
          owned.attempt(),
          LauncherEvents.cancelled(owned.cancelReason().get(), clock.instant()));
    }
    return finisher.finish(
        connection, owned.attempt(), LauncherEvents.lost(owned.attempt(), clock.instant()));
  }

  /** A cancel recorded by whichever replica consumed it; this owner stops the attempt, once. */
  private void handOverCancel(AttemptKey key, String reason) {
    if (cancelsHandedOver.add(key)) {
      LOG.infof("%s: cancel requested (%s), stopping it", key, reason);
      executor.cancel(key, reason);
    }
  }

  /** Remembers a cancel handed over directly (the owner consumed the request itself). */
  public void cancelHandedOver(AttemptKey key) {
    cancelsHandedOver.add(key);
  }
}

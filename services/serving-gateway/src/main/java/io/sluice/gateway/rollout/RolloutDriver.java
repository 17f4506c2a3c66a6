package io.sluice.gateway.rollout;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.sluice.eventing.Transactor;
import io.sluice.eventing.WakeablePoller;
import io.sluice.gateway.config.RolloutConfig;
import io.sluice.gateway.routing.VersionSample;
import io.sluice.gateway.serving.ServedModelsTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Moves rollouts, on its own thread, only while this replica holds the {@link RolloutLeadership}:
 * about once a second it judges each rollout whose window ended (not paused) from all replicas'
 * measurements, and applies the outcome as one conditional write plus its events. A driver that
 * lost the leadership a moment ago and still ticks finds the generation changed and writes nothing.
 * After each move this replica follows at once; the others follow the events.
 */
@ApplicationScoped
public class RolloutDriver {

  private static final Logger LOG = Logger.getLogger(RolloutDriver.class);
  private static final int TICKS_BETWEEN_PRUNES = 60;

  private final Transactor transactor;
  private final RolloutStore store;
  private final MeasurementStore measurements;
  private final ServedModelsTable served;
  private final RolloutMoves moves;
  private final RolloutFollower follower;
  private final RolloutLeadership leadership;
  private final RolloutConfig config;
  private volatile WakeablePoller poller;
  private int ticks;

  public RolloutDriver(
      Transactor transactor,
      RolloutStore store,
      MeasurementStore measurements,
      ServedModelsTable served,
      RolloutMoves moves,
      RolloutFollower follower,
      RolloutLeadership leadership,
      RolloutConfig config) {
    this.transactor = transactor;
    this.store = store;
    this.measurements = measurements;
    this.served = served;
    this.moves = moves;
    this.follower = follower;
    this.leadership = leadership;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    poller = WakeablePoller.start("gateway-rollout-driver", config.tickInterval(), this::tick);
  }

  void stop(@Observes ShutdownEvent event) {
    if (poller != null) {
      poller.close();
    }
  }

  /** Judges every window that ended; does nothing on a replica that does not lead. */
  void tick() {
    if (!leadership.isLeader()) {
      return;
    }
    try {
      record Due(List<Rollout> rollouts, Instant now) {}
      Due due = transactor.inTransaction(c -> new Due(store.all(c), store.now(c)));
      for (Rollout rollout : due.rollouts()) {
        if (!rollout.paused() && !due.now().isBefore(rollout.windowEnd())) {
          judge(rollout);
        }
      }
      if (++ticks % TICKS_BETWEEN_PRUNES == 0) {
        transactor.run(c -> measurements.prune(c, config.measurementRetention()));
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "driving rollouts failed; tried again at the next tick");
    }
  }

  private void judge(Rollout rollout) {
    MDC.put("model", rollout.model());
    MDC.put("modelVersion", rollout.candidateVersion());
    try {
      Optional<Move> moved = transactor.inTransaction(c -> judge(c, rollout));
      moved.ifPresent(
          move -> {
            log(rollout, move);
            follower.follow(rollout.model());
          });
    } finally {
      MDC.remove("model");
      MDC.remove("modelVersion");
    }
  }

  /** A transition applied, with the judgement that led to it. */
  private record Move(Transition transition, Judgement judgement) {}

  /**
   * A failed window names the check, what was observed, its limit and both versions' numbers, so
   * that the log alone tells why a step was held or a version rolled back.
   */
  private static void log(Rollout rollout, Move move) {
    Judgement j = move.judgement();
    String versions =
        "v" + rollout.candidateVersion() + " against stable v" + rollout.stableVersion();
    if (move.transition() instanceof Transition.Hold hold) {
      LOG.warnf(
          "%s: step held, failed window %d of %d (%s): %s",
          rollout.candidate(),
          hold.failedChecks(),
          rollout.spec().analysis().failedChecksToRollback(),
          versions,
          j.describe());
    } else if (move.transition() instanceof Transition.RollBack back) {
      LOG.warnf(
          "%s: rolled back after %d failed windows (%s): %s",
          rollout.candidate(), back.failedChecks(), versions, j.describe());
    } else {
      LOG.infof("%s: %s (%s)", rollout.candidate(), move.transition(), j.describe());
    }
  }

  private Optional<Move> judge(java.sql.Connection connection, Rollout rollout)
      throws java.sql.SQLException {
    served.lock(connection, rollout.model());
    VersionSample candidate =
        measurements.sum(
            connection, rollout.model(), rollout.candidateVersion(), rollout.windowStart());
    VersionSample stable =
        rollout.stableVersion() == null
            ? null
            : measurements.sum(
                connection, rollout.model(), rollout.stableVersion(), rollout.windowStart());
    Judgement judgement = RolloutJudge.judge(rollout.spec().analysis(), candidate, stable);
    Transition transition =
        RolloutPlan.next(rollout.spec(), rollout.stage(), rollout.failedChecks(), judgement);
    return moves.apply(connection, rollout, transition, judgement)
        ? Optional.of(new Move(transition, judgement))
        : Optional.empty();
  }
}

package io.sluice.gateway.rollout;

import io.sluice.eventing.Outbox;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelPromoted;
import io.sluice.events.Nullable;
import io.sluice.events.RolloutCheck;
import io.sluice.events.RolloutPhase;
import io.sluice.gateway.serving.ServedModelsTable;
import io.sluice.gateway.serving.ServingRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Each change of a rollout as one conditional write plus its events, on the caller's transaction
 * (which holds the model's lock). Every method returns false, having written nothing, when the
 * rollout moved since the caller read it.
 */
@ApplicationScoped
public class RolloutMoves {

  private final RolloutStore store;
  private final ServedModelsTable served;
  private final Outbox outbox;

  public RolloutMoves(RolloutStore store, ServedModelsTable served, Outbox outbox) {
    this.store = store;
    this.served = served;
    this.outbox = outbox;
  }

  /** Records a new rollout and emits {@code rollout.started}. */
  public void start(Connection connection, Rollout rollout) throws SQLException {
    store.insert(connection, rollout);
    outbox.append(connection, RolloutEvents.started(rollout));
  }

  /** Applies what a judged window leads to. */
  public boolean apply(Connection connection, Rollout rollout, Transition transition, Judgement j)
      throws SQLException {
    if (transition instanceof Transition.NextStage next) {
      return judged(connection, rollout, next.stage(), next.shares(), rollout.failedChecks(), j);
    }
    if (transition instanceof Transition.Hold hold) {
      return judged(connection, rollout, rollout.stage(), rollout.shares(), hold.failedChecks(), j);
    }
    if (transition instanceof Transition.Promote) {
      return promote(connection, rollout, j, null);
    }
    if (transition instanceof Transition.RollBack back) {
      return rollBack(connection, rollout, j.describe(), back.failedCheck(), null, j);
    }
    return false; // Extend: the window goes on
  }

  private boolean judged(
      Connection connection, Rollout rollout, int stage, Stage shares, int failed, Judgement j)
      throws SQLException {
    if (!store.judged(connection, rollout, stage, shares, failed, j)) {
      return false;
    }
    outbox.append(
        connection,
        RolloutEvents.progressed(rollout, RolloutPhase.CANARY, shares.candidatePercent(), j));
    return true;
  }

  /**
   * The candidate takes all traffic and becomes the stable version: {@code model.promoted}.
   *
   * @param decision a person's, null when the analysis promotes
   */
  public boolean promote(
      Connection connection,
      Rollout rollout,
      @Nullable Judgement judgement,
      @Nullable ManualDecision decision)
      throws SQLException {
    if (!store.end(connection, rollout, Ending.promoted(decision))) {
      return false;
    }
    EventEnvelope<ModelPromoted> promoted = RolloutEvents.promoted(rollout);
    // Under the model's lock a rollout's candidate is always newer than what serves (a person's
    // rollback to an older version ends the rollout first), so this never loses a race.
    if (!served.promote(
        connection, new ServingRecord(rollout.candidate(), Instant.now()), promoted.id())) {
      throw new IllegalStateException(rollout.candidate() + " is no longer newer than the served");
    }
    outbox.append(
        connection, RolloutEvents.progressed(rollout, RolloutPhase.PROMOTING, 100, judgement));
    outbox.append(connection, promoted);
    return true;
  }

  /** All traffic back to the stable version: {@code model.rolled_back}. */
  public boolean rollBack(
      Connection connection,
      Rollout rollout,
      String reason,
      @Nullable RolloutCheck failedCheck,
      @Nullable ManualDecision decision,
      @Nullable Judgement judgement)
      throws SQLException {
    if (!store.end(connection, rollout, Ending.rolledBack(reason, failedCheck, decision))) {
      return false;
    }
    outbox.append(
        connection, RolloutEvents.progressed(rollout, RolloutPhase.ROLLING_BACK, 0, judgement));
    outbox.append(connection, RolloutEvents.rolledBack(rollout, reason, failedCheck, decision));
    return true;
  }

  /** Pauses or resumes; no event (the weights do not change). */
  public boolean setPaused(Connection connection, Rollout rollout, boolean paused, String by)
      throws SQLException {
    return store.setPaused(connection, rollout, paused, by);
  }
}

package io.sluice.gateway.rollout;

import io.sluice.eventing.SqlWork;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.events.ManualDecision;
import io.sluice.gateway.serving.ServedModelsTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a person may do to a rollout: read it, pause it (the clock stops, the weights stay), resume
 * it (a fresh window starts), abort it ({@code model.rolled_back} with their decision) or promote
 * it now ({@code model.promoted}). Each is one short transaction under the model's lock, the same
 * lock the driver takes, so a person and the driver never both move a rollout.
 */
@ApplicationScoped
public class RolloutControl {

  /** Why a person's action was refused. */
  public static final class Refused extends RuntimeException {

    /** No rollout of the model, or one in a state that does not allow the action. */
    public enum Why {
      NOT_FOUND,
      CONFLICT
    }

    private final Why why;

    Refused(Why why, String message) {
      super(message);
      this.why = why;
    }

    public Why why() {
      return why;
    }
  }

  private static final Logger LOG = Logger.getLogger(RolloutControl.class);

  private final Transactor transactor;
  private final RolloutStore store;
  private final ServedModelsTable served;
  private final RolloutMoves moves;
  private final RolloutFollower follower;

  public RolloutControl(
      Transactor transactor,
      RolloutStore store,
      ServedModelsTable served,
      RolloutMoves moves,
      RolloutFollower follower) {
    this.transactor = transactor;
    this.store = store;
    this.served = served;
    this.moves = moves;
    this.follower = follower;
  }

  public List<Rollout> all() {
    return transactor.inTransaction(store::all);
  }

  public Optional<Rollout> find(String model) {
    return transactor.inTransaction(c -> store.find(c, model));
  }

  /** The model's last rollout that ended, if it had one. */
  public Optional<EndedRollout> lastEnded(String model) {
    return transactor.inTransaction(c -> store.findEnded(c, model));
  }

  /** Stops the clock; the weights stay as they are. */
  public Rollout pause(String model, ManualDecision decision) {
    return refusable(
        c -> {
          Rollout rollout = locked(c, model);
          if (rollout.paused()) {
            throw new Refused(Refused.Why.CONFLICT, model + "'s rollout is paused already");
          }
          moves.setPaused(c, rollout, true, decision.by());
          LOG.infof("%s paused by %s: %s", rollout.candidate(), decision.by(), decision.reason());
          return store.find(c, model).orElseThrow();
        });
  }

  /** Starts a fresh window at the current step. */
  public Rollout resume(String model, ManualDecision decision) {
    return refusable(
        c -> {
          Rollout rollout = locked(c, model);
          if (!rollout.paused()) {
            throw new Refused(Refused.Why.CONFLICT, model + "'s rollout is not paused");
          }
          moves.setPaused(c, rollout, false, decision.by());
          LOG.infof("%s resumed by %s: %s", rollout.candidate(), decision.by(), decision.reason());
          return store.find(c, model).orElseThrow();
        });
  }

  /** All traffic back to the stable version now; returns the rollout as it was. */
  public Rollout abort(String model, ManualDecision decision) {
    Rollout aborted =
        refusable(
            c -> {
              Rollout rollout = locked(c, model);
              String reason = "aborted by " + decision.by() + ": " + decision.reason();
              moves.rollBack(c, rollout, reason, null, decision, rollout.lastJudgement());
              return rollout;
            });
    followNow(model);
    return aborted;
  }

  /** The candidate takes all traffic now and becomes the stable version. */
  public Rollout promote(String model, ManualDecision decision) {
    Rollout promoted =
        refusable(
            c -> {
              Rollout rollout = locked(c, model);
              moves.promote(c, rollout, rollout.lastJudgement(), decision);
              LOG.infof(
                  "%s promoted by %s: %s", rollout.candidate(), decision.by(), decision.reason());
              return rollout;
            });
    followNow(model);
    return promoted;
  }

  /** A transaction whose refusal reaches the caller as itself, not as a failed transaction. */
  private <T> T refusable(SqlWork<T> work) {
    try {
      return transactor.inTransaction(work);
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof Refused refused) {
        throw refused;
      }
      throw e;
    }
  }

  private Rollout locked(Connection connection, String model) throws SQLException {
    served.lock(connection, model);
    return store
        .find(connection, model)
        .orElseThrow(() -> new Refused(Refused.Why.NOT_FOUND, "no rollout of " + model));
  }

  private void followNow(String model) {
    try {
      follower.follow(model);
    } catch (RuntimeException e) {
      LOG.warnf("routing of %s follows at the next pass: %s", model, e.getMessage());
      follower.wake();
    }
  }
}

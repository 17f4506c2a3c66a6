package io.sluice.gateway.serving;

import io.sluice.eventing.Outbox;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.ModelServeRequested;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.events.ServeAction;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.rollout.Ending;
import io.sluice.gateway.rollout.Rollout;
import io.sluice.gateway.rollout.RolloutMoves;
import io.sluice.gateway.rollout.RolloutStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a prepared version changes, decided and recorded in one short transaction under the model's
 * lock: an approved version is served at once (immediate, or the model's first version) or starts a
 * rollout next to the stable one; a newer approved version replaces a rollout in flight (its
 * candidate is rolled back, naming the newer one); a person's request serves the version now, older
 * or not, ending any rollout.
 */
@ApplicationScoped
public class Promotions {

  /** What the transaction recorded. */
  public enum Outcome {
    /** The version is now the recorded stable one. */
    SERVED,
    /** The version is in rollout next to the stable one. */
    ROLLOUT_STARTED,
    /** Nothing: the version was overtaken meanwhile. */
    NOTHING
  }

  private static final Logger LOG = Logger.getLogger(Promotions.class);

  private final ServedModelsTable table;
  private final RolloutStore rollouts;
  private final RolloutMoves moves;
  private final Outbox outbox;

  public Promotions(
      ServedModelsTable table, RolloutStore rollouts, RolloutMoves moves, Outbox outbox) {
    this.table = table;
    this.rollouts = rollouts;
    this.moves = moves;
    this.outbox = outbox;
  }

  /** An approved version, prepared: the caller holds the model's lock. */
  public Outcome approved(
      Connection connection, EventEnvelope<ModelEvaluated> cause, ModelVersion version)
      throws SQLException {
    Optional<Integer> serving = servingVersion(connection, version.name());
    Optional<Rollout> inFlight = rollouts.find(connection, version.name());
    PromotionDecision decision = PromotionDecision.decide(cause.data(), newest(serving, inFlight));
    if (decision != PromotionDecision.PROMOTE) {
      LOG.infof("%s was overtaken while it was prepared", version);
      return Outcome.NOTHING;
    }
    if (inFlight.isPresent()) {
      String reason = "replaced by v" + version.version() + ", approved meanwhile";
      moves.rollBack(connection, inFlight.get(), reason, null, null, null);
    }
    RolloutSpec spec = cause.data().rollout();
    if (spec == null || spec.strategy() == RolloutStrategy.IMMEDIATE || serving.isEmpty()) {
      serve(connection, cause, version, serving);
      return Outcome.SERVED;
    }
    moves.start(connection, Rollout.starting(version, serving.get(), spec, cause));
    return Outcome.ROLLOUT_STARTED;
  }

  /** A version a person asked to serve now, prepared: the caller holds the model's lock. */
  public Outcome byHand(
      Connection connection, EventEnvelope<ModelServeRequested> cause, ModelVersion version)
      throws SQLException {
    ModelServeRequested request = cause.data();
    Optional<Integer> serving = servingVersion(connection, version.name());
    Optional<Rollout> inFlight = rollouts.find(connection, version.name());
    ManualDecision decision = request.decision();
    if (inFlight.isPresent() && inFlight.get().candidateVersion() != version.version()) {
      moves.rollBack(connection, inFlight.get(), overruled(decision), null, decision, null);
    } else if (inFlight.isPresent()) {
      // The person serves the candidate itself: its rollout ends promoted, by their decision.
      rollouts.end(connection, inFlight.get(), Ending.promoted(decision));
    }
    if (request.action() == ServeAction.ROLLBACK && serving.isPresent()) {
      ModelRolledBack rolledBack =
          new ModelRolledBack(
              version.name(), serving.get(), version.version(), decision.reason(), null, decision);
      EventEnvelope<ModelRolledBack> event =
          EventEnvelope.causedBy(cause, PromotionWorker.SERVICE, version.name(), rolledBack);
      table.replace(connection, new ServingRecord(version, Instant.now()), event.id());
      outbox.append(connection, event);
    } else {
      EventEnvelope<ModelPromoted> event = promotedEvent(cause, version, serving);
      table.replace(connection, new ServingRecord(version, Instant.now()), event.id());
      outbox.append(connection, event);
    }
    return Outcome.SERVED;
  }

  private void serve(
      Connection connection,
      EventEnvelope<ModelEvaluated> cause,
      ModelVersion version,
      Optional<Integer> serving)
      throws SQLException {
    EventEnvelope<ModelPromoted> event = promotedEvent(cause, version, serving);
    if (!table.promote(connection, new ServingRecord(version, Instant.now()), event.id())) {
      throw new IllegalStateException(version + " lost a race under the model's lock");
    }
    outbox.append(connection, event);
  }

  private static EventEnvelope<ModelPromoted> promotedEvent(
      EventEnvelope<?> cause, ModelVersion version, Optional<Integer> serving) {
    return EventEnvelope.causedBy(
        cause,
        PromotionWorker.SERVICE,
        version.name(),
        new ModelPromoted(
            version.name(), version.version(), serving.orElse(null), version.artifact()));
  }

  private Optional<Integer> servingVersion(Connection connection, String model)
      throws SQLException {
    return table.find(connection, model).map(record -> record.version().version());
  }

  /** The newest version serving or in rollout: an evaluation must be newer than both. */
  static Optional<Integer> newest(Optional<Integer> serving, Optional<Rollout> inFlight) {
    Optional<Integer> candidate = inFlight.map(Rollout::candidateVersion);
    if (serving.isEmpty()) {
      return candidate;
    }
    return candidate.map(c -> Math.max(c, serving.get())).or(() -> serving);
  }

  private static String overruled(ManualDecision decision) {
    return "overruled by " + decision.by() + ": " + decision.reason();
  }
}

package io.sluice.registry.messaging;

import io.sluice.eventing.EventContext;
import io.sluice.eventing.UnusableEventException;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.RolloutStarted;
import io.sluice.registry.ModelNames;
import io.sluice.registry.alias.AliasMover;
import io.sluice.registry.alias.AliasStore;
import io.sluice.registry.alias.AliasTarget;
import io.sluice.registry.alias.MoveCause;
import io.sluice.registry.alias.ServingClock;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.VersionQueries;
import io.sluice.registry.version.VersionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Follows the gateway with the {@code champion} and {@code challenger} aliases: a rollout started
 * makes its version the challenger; a promotion makes its version the champion and ends the
 * challenger; a rollback ends the challenger and gives the champion back to the restored version.
 * An event naming a version the registry never registered (or, for a promotion, another artifact)
 * can never be applied: it is dead-lettered rather than pointing an alias at something unknown.
 * Redelivered events move nothing: the consumer skips applied ids, and a move to where an alias
 * already points changes and emits nothing. An event older than the newest one that concerned an
 * alias does not move it ({@link ServingClock}).
 */
@ApplicationScoped
public class ServingHandler {

  private final VersionQueries versions;
  private final AliasStore aliases;
  private final AliasMover mover;
  private final MoveAttribution attribution;
  private final ServingClock clock;
  private final VersionStore versionStore;

  ServingHandler(
      VersionQueries versions,
      AliasStore aliases,
      AliasMover mover,
      MoveAttribution attribution,
      ServingClock clock,
      VersionStore versionStore) {
    this.clock = clock;
    this.versionStore = versionStore;
    this.versions = versions;
    this.aliases = aliases;
    this.mover = mover;
    this.attribution = attribution;
  }

  public void onRolloutStarted(EventEnvelope<RolloutStarted> event, EventContext context)
      throws SQLException, UnusableEventException {
    RolloutStarted started = event.data();
    Connection c = context.connection();
    String model = started.modelName();
    requireVersion(c, "rollout.started", model, started.version());
    lockModel(c, model);
    String reason =
        "rollout.started: version "
            + started.version()
            + (started.stableVersion() == null
                ? ""
                : " next to version " + started.stableVersion());
    MoveCause cause = attribution.of(c, event, reason);
    if (current(c, model, event, AliasStore.CHALLENGER)) {
      mover.point(c, model, AliasStore.CHALLENGER, started.version(), cause);
    }
  }

  public void onPromoted(EventEnvelope<ModelPromoted> event, EventContext context)
      throws SQLException, UnusableEventException {
    ModelPromoted promoted = event.data();
    Connection c = context.connection();
    String model = promoted.modelName();
    ModelVersion version = requireVersion(c, "model.promoted", model, promoted.version());
    if (!version.artifact().sha256().equals(promoted.artifact().sha256())) {
      throw new UnusableEventException(
          "promoted artifact of "
              + model
              + " version "
              + promoted.version()
              + " differs from the registered one");
    }
    lockModel(c, model);
    String reason =
        "model.promoted: version "
            + promoted.version()
            + " takes all traffic"
            + (promoted.previousVersion() == null ? "" : " from " + promoted.previousVersion());
    MoveCause cause = attribution.of(c, event, reason);
    if (current(c, model, event, AliasStore.CHAMPION)) {
      mover.point(c, model, AliasStore.CHAMPION, promoted.version(), cause);
    }
    // A promotion ends any rollout of the model: the challenger either won or was overtaken.
    if (current(c, model, event, AliasStore.CHALLENGER)) {
      mover.remove(c, model, AliasStore.CHALLENGER, cause);
    }
  }

  public void onRolledBack(EventEnvelope<ModelRolledBack> event, EventContext context)
      throws SQLException, UnusableEventException {
    ModelRolledBack rolledBack = event.data();
    Connection c = context.connection();
    String model = rolledBack.modelName();
    requireVersion(c, "model.rolled_back", model, rolledBack.version());
    if (rolledBack.restoredVersion() != null) {
      requireVersion(c, "model.rolled_back", model, rolledBack.restoredVersion());
    }
    lockModel(c, model);
    MoveCause cause = attribution.of(c, event, "model.rolled_back: " + rolledBack.reason());
    if (current(c, model, event, AliasStore.CHALLENGER) && endsChallenger(c, rolledBack)) {
      mover.remove(c, model, AliasStore.CHALLENGER, cause);
    }
    if (rolledBack.restoredVersion() != null && current(c, model, event, AliasStore.CHAMPION)) {
      mover.point(c, model, AliasStore.CHAMPION, rolledBack.restoredVersion(), cause);
    }
  }

  /**
   * Takes the model's row lock before anything else is written: the clocks' foreign key share-locks
   * that row, so taking it later (in the alias moves) would deadlock with the other consumer.
   */
  private void lockModel(Connection c, String model) throws SQLException {
    versionStore.lockModel(c, model);
  }

  /** Whether no newer serving event concerned {@code alias} already (see {@link ServingClock}). */
  private boolean current(Connection c, String model, EventEnvelope<?> event, String alias)
      throws SQLException {
    return clock.advance(c, model, alias, event.time());
  }

  /**
   * An automatic rollback ends the rollout of the version it names; a rollback by hand gives all
   * traffic to the restored version, which ends any rollout.
   */
  private boolean endsChallenger(Connection c, ModelRolledBack rolledBack) throws SQLException {
    if (rolledBack.decision() != null) {
      return true;
    }
    Optional<AliasTarget> challenger =
        aliases.find(c, rolledBack.modelName(), AliasStore.CHALLENGER);
    return challenger.filter(t -> t.version() == rolledBack.version()).isPresent();
  }

  private ModelVersion requireVersion(Connection c, String type, String model, int version)
      throws SQLException, UnusableEventException {
    if (!ModelNames.isModelName(model)) {
      throw new UnusableEventException(
          "model name '" + ModelNames.shown(model) + "' is not a valid model name");
    }
    return versions
        .version(c, model, version)
        .orElseThrow(
            () ->
                new UnusableEventException(
                    type
                        + " names "
                        + model
                        + " version "
                        + version
                        + ", which was never registered"));
  }
}

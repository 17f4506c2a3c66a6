package io.sluice.registry.alias;

import io.sluice.eventing.Outbox;
import io.sluice.eventing.quarkus.EventingConfig;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelAliasMoved;
import io.sluice.registry.version.VersionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Moves and removes aliases so that each move is three things in one transaction: the alias row, a
 * history row with who and why, and a {@code model.alias_moved} in the outbox. A move to where the
 * alias already points (a redelivered event, a repeated request) changes and emits nothing.
 */
@ApplicationScoped
public class AliasMover {

  private static final Logger LOG = Logger.getLogger(AliasMover.class);

  private final AliasStore aliases;
  private final AliasHistory history;
  private final VersionStore versions;
  private final Outbox outbox;
  private final String service;

  AliasMover(
      AliasStore aliases,
      AliasHistory history,
      VersionStore versions,
      Outbox outbox,
      EventingConfig eventing) {
    this.aliases = aliases;
    this.history = history;
    this.versions = versions;
    this.outbox = outbox;
    this.service = eventing.service();
  }

  /**
   * Points {@code alias} at {@code version}; the version must exist (the foreign keys insist).
   *
   * @return the move, or empty when the alias already pointed there
   */
  public Optional<AliasMove> point(
      Connection connection, String modelName, String alias, int version, MoveCause cause)
      throws SQLException {
    // The model's row lock orders moves of its aliases, so "previous" is exact.
    versions.lockModel(connection, modelName);
    Optional<AliasTarget> before = aliases.find(connection, modelName, alias);
    if (before.isPresent() && before.get().version() == version) {
      return Optional.empty();
    }
    aliases.move(connection, modelName, alias, version);
    Integer previous = before.map(AliasTarget::version).orElse(null);
    return Optional.of(record(connection, modelName, alias, version, previous, cause));
  }

  /**
   * Removes {@code alias}.
   *
   * @return the move, or empty when the model had no such alias
   */
  public Optional<AliasMove> remove(
      Connection connection, String modelName, String alias, MoveCause cause) throws SQLException {
    versions.lockModel(connection, modelName);
    Optional<Integer> removed = aliases.remove(connection, modelName, alias);
    if (removed.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(record(connection, modelName, alias, null, removed.get(), cause));
  }

  private AliasMove record(
      Connection connection,
      String modelName,
      String alias,
      Integer version,
      Integer previous,
      MoveCause cause)
      throws SQLException {
    ModelAliasMoved moved =
        new ModelAliasMoved(modelName, alias, version, previous, cause.movedBy(), cause.reason());
    EventEnvelope<ModelAliasMoved> event =
        cause.event() == null
            ? EventEnvelope.first(service, modelName, null, moved)
            : EventEnvelope.causedBy(cause.event(), service, modelName, moved);
    outbox.append(connection, event);
    AliasMove move =
        history.add(connection, modelName, alias, version, previous, cause, event.id());
    LOG.infof(
        "alias %s of model=%s: %s -> %s, by %s: %s",
        alias, modelName, previous, version, cause.movedBy(), cause.reason());
    return move;
  }
}

package io.sluice.registry.alias;

import static io.sluice.registry.RefusedException.conflict;
import static io.sluice.registry.RefusedException.notFound;

import io.sluice.eventing.SqlWork;
import io.sluice.eventing.TransactionFailedException;
import io.sluice.eventing.Transactor;
import io.sluice.registry.RefusedException;
import io.sluice.registry.decision.DecisionStore;
import io.sluice.registry.version.VersionQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * A person's moves of a model's own aliases ({@code staging}, {@code baseline}, ...). {@code
 * champion} and {@code challenger} say what serves, so only the gateway's events move them (a
 * person steers them with decisions, which the gateway carries out); an archived version takes no
 * alias.
 */
@ApplicationScoped
public class AliasCommands {

  /** Aliases that only serving events move. */
  public static final Set<String> SERVING = Set.of(AliasStore.CHAMPION, AliasStore.CHALLENGER);

  /** The most aliases one model may have, so that a script gone wrong cannot grow it forever. */
  public static final int MAX_ALIASES = 100;

  private final Transactor transactor;
  private final VersionQueries versions;
  private final AliasStore aliases;
  private final AliasMover mover;
  private final DecisionStore decisions;

  AliasCommands(
      Transactor transactor,
      VersionQueries versions,
      AliasStore aliases,
      AliasMover mover,
      DecisionStore decisions) {
    this.transactor = transactor;
    this.versions = versions;
    this.aliases = aliases;
    this.mover = mover;
    this.decisions = decisions;
  }

  /** Points the alias at the version; nothing moves or is emitted when it already points there. */
  public AliasTarget point(String model, String alias, int version, MoveCause cause) {
    return inTransaction(
        c -> {
          requireSettable(c, model, alias);
          versions
              .version(c, model, version)
              .orElseThrow(() -> notFound(model + " has no version " + version));
          if (decisions.archived(c, model).contains(version)) {
            throw conflict(model + " version " + version + " is archived and takes no alias");
          }
          boolean exists = aliases.find(c, model, alias).isPresent();
          if (!exists && aliases.all(c, model).size() >= MAX_ALIASES) {
            throw conflict(model + " has " + MAX_ALIASES + " aliases already; remove one first");
          }
          mover.point(c, model, alias, version, cause);
          return aliases.find(c, model, alias).orElseThrow();
        });
  }

  /** Removes the alias; a 404 when the model has no such alias (e.g. it was removed already). */
  public AliasMove remove(String model, String alias, MoveCause cause) {
    return inTransaction(
        c -> {
          requireSettable(c, model, alias);
          return mover
              .remove(c, model, alias, cause)
              .orElseThrow(() -> notFound(model + " has no alias " + alias));
        });
  }

  private void requireSettable(Connection c, String model, String alias) throws SQLException {
    if (!versions.modelExists(c, model)) {
      throw notFound("no model named " + model);
    }
    if (SERVING.contains(alias)) {
      throw conflict(
          alias
              + " says what serves: only the serving gateway moves it. Approve, promote or roll"
              + " back a version instead (POST /api/v1/models/"
              + model
              + "/versions/{v}/approve, .../promote, /api/v1/models/"
              + model
              + "/rollback)");
    }
  }

  private <T> T inTransaction(SqlWork<T> work) {
    try {
      return transactor.inTransaction(work);
    } catch (TransactionFailedException e) {
      if (e.getCause() instanceof RefusedException refused) {
        throw refused;
      }
      throw e;
    }
  }
}

package io.sluice.registry.gate;

import io.sluice.registry.alias.AliasStore;
import io.sluice.registry.alias.AliasTarget;
import io.sluice.registry.version.VersionQueries;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Finds the version the {@code champion} alias names, on the caller's transaction. */
@ApplicationScoped
public class ChampionLookup {

  private final AliasStore aliases;
  private final VersionQueries versions;

  ChampionLookup(AliasStore aliases, VersionQueries versions) {
    this.aliases = aliases;
    this.versions = versions;
  }

  /** The current champion of {@code modelName}, or empty when none was promoted yet. */
  public Optional<Champion> champion(Connection connection, String modelName) throws SQLException {
    Optional<AliasTarget> target = aliases.find(connection, modelName, AliasStore.CHAMPION);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    int version = target.get().version();
    // The alias table's foreign key guarantees the version row exists.
    return versions
        .version(connection, modelName, version)
        .map(row -> new Champion(version, row.metrics()));
  }
}

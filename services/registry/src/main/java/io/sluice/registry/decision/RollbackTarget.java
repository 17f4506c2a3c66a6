package io.sluice.registry.decision;

import io.sluice.registry.alias.AliasMove;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which version a rollback by hand restores when the person names none: the most recent earlier
 * champion that is still fit to serve. Pure, so every case is a unit test.
 */
final class RollbackTarget {

  private RollbackTarget() {}

  /**
   * @param championMoves the champion alias's history, newest first
   * @param current the version the champion names now
   * @param archived versions that may no longer serve
   * @return the version to restore, or empty when no earlier champion qualifies
   */
  static Optional<Integer> choose(
      List<AliasMove> championMoves, int current, Collection<Integer> archived) {
    // A version the champion left through a rollback misbehaved: never restore it by default,
    // or rolling back twice would bring back the version the first rollback took away.
    Set<Integer> rolledBack = new HashSet<>();
    for (AliasMove move : championMoves) {
      if (move.viaRollback() && move.previousVersion() != null) {
        rolledBack.add(move.previousVersion());
      }
    }
    for (AliasMove move : championMoves) {
      Integer version = move.version();
      if (version != null
          && version != current
          && !archived.contains(version)
          && !rolledBack.contains(version)) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }
}

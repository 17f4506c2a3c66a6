package io.sluice.registry.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.registry.alias.AliasMove;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollbackTargetTest {

  private long id;

  @Test
  void restoresTheChampionBeforeTheCurrentOne() {
    List<AliasMove> moves = newestFirst(promoted(1, null), promoted(2, 1), promoted(3, 2));

    assertThat(RollbackTarget.choose(moves, 3, Set.of())).contains(2);
  }

  @Test
  void neverRestoresAVersionAnEarlierRollbackTookAway() {
    // 1 -> 2 -> 3, then 3 was rolled back to 2: from 2, the next rollback goes to 1, not to 3.
    List<AliasMove> moves =
        newestFirst(promoted(1, null), promoted(2, 1), promoted(3, 2), rolledBack(2, 3));

    assertThat(RollbackTarget.choose(moves, 2, Set.of())).contains(1);
  }

  @Test
  void skipsArchivedVersions() {
    List<AliasMove> moves = newestFirst(promoted(1, null), promoted(2, 1), promoted(3, 2));

    assertThat(RollbackTarget.choose(moves, 3, Set.of(2))).contains(1);
  }

  @Test
  void hasNothingWhenOnlyTheCurrentChampionWasEverRecorded() {
    assertThat(RollbackTarget.choose(newestFirst(promoted(1, null)), 1, Set.of())).isEmpty();
    assertThat(RollbackTarget.choose(List.of(), 1, Set.of())).isEmpty();
  }

  @Test
  void aRemovedChampionIsNoCandidate() {
    List<AliasMove> moves = newestFirst(promoted(1, null), move(null, 1, false), promoted(2, null));

    assertThat(RollbackTarget.choose(moves, 2, Set.of())).contains(1);
  }

  private AliasMove promoted(Integer version, Integer previous) {
    return move(version, previous, false);
  }

  private AliasMove rolledBack(Integer version, Integer previous) {
    return move(version, previous, true);
  }

  private AliasMove move(Integer version, Integer previous, boolean viaRollback) {
    id++;
    return new AliasMove(
        id,
        "iris",
        "champion",
        version,
        previous,
        "serving-gateway",
        "test",
        "event-" + id,
        "cause-" + id,
        viaRollback,
        Instant.EPOCH.plusSeconds(id));
  }

  /** The moves as the history reads them: newest first. */
  private static List<AliasMove> newestFirst(AliasMove... oldestFirst) {
    List<AliasMove> moves = new ArrayList<>(List.of(oldestFirst));
    java.util.Collections.reverse(moves);
    return moves;
  }
}

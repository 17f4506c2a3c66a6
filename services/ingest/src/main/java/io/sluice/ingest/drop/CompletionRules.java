package io.sluice.ingest.drop;

import io.sluice.ingest.dataset.DatasetDefinition;
import io.sluice.ingest.drop.DropFolders.DropKey;

/**
 * What a new object in a drop means for that drop. A {@code _SUCCESS} marker completes it under
 * either rule; under QUIET_PERIOD a data object restarts the quiet period; anything else (data of a
 * marker-completed dataset, hidden files, markers in sub-folders) only waits for completion.
 */
public final class CompletionRules {

  /** What to do about the drop. */
  public enum Action {
    COMPLETE_NOW,
    RESTART_QUIET_PERIOD,
    WAIT
  }

  private CompletionRules() {}

  public static Action onObject(DatasetDefinition dataset, DropKey key) {
    if (key.isMarker()) {
      return Action.COMPLETE_NOW;
    }
    if (key.isData() && dataset.quietSeconds() != null) {
      return Action.RESTART_QUIET_PERIOD;
    }
    return Action.WAIT;
  }
}

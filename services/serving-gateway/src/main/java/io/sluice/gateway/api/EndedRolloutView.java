package io.sluice.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.events.RolloutCheck;
import io.sluice.events.RolloutStrategy;
import io.sluice.gateway.rollout.EndedRollout;
import java.time.Instant;

/**
 * A model's last rollout after it ended, as {@code GET /api/v1/rollouts/{model}} shows it when none
 * is in flight. Told apart from a {@link RolloutView} by {@code outcome}.
 *
 * @param model the model
 * @param candidateVersion the version that was rolled out
 * @param stableVersion the version that served the rest, null for none
 * @param strategy canary or shadow
 * @param outcome {@code PROMOTED}, {@code ROLLED_BACK} (by the analysis), {@code ABORTED} (by a
 *     person) or {@code REPLACED} (by a newer approved version)
 * @param reason why, for people
 * @param failedCheck the check that rolled it back, with both versions' numbers
 * @param endedBy who decided, absent when the analysis did
 * @param failedChecks failed windows it had
 * @param startedAt when it began
 * @param endedAt when it ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndedRolloutView(
    String model,
    int candidateVersion,
    Integer stableVersion,
    RolloutStrategy strategy,
    String outcome,
    String reason,
    RolloutCheck failedCheck,
    String endedBy,
    int failedChecks,
    Instant startedAt,
    Instant endedAt) {

  static EndedRolloutView of(EndedRollout ended) {
    return new EndedRolloutView(
        ended.model(),
        ended.candidateVersion(),
        ended.stableVersion(),
        ended.strategy(),
        ended.ending().outcome().name(),
        ended.ending().reason(),
        ended.ending().failedCheck(),
        ended.ending().by(),
        ended.failedChecks(),
        ended.startedAt(),
        ended.endedAt());
  }
}

package io.sluice.gateway.rollout;

import io.sluice.events.Nullable;
import io.sluice.events.RolloutStrategy;
import java.time.Instant;

/**
 * A row of {@code ended_rollouts}: a model's last rollout, after it ended.
 *
 * @param model the model
 * @param candidateVersion the version that was rolled out
 * @param stableVersion the version that served the rest, null for none
 * @param strategy canary or shadow
 * @param ending how it ended, why and by whom
 * @param failedChecks failed windows it had when it ended
 * @param startedAt when it began
 * @param endedAt when it ended (database time)
 */
public record EndedRollout(
    String model,
    int candidateVersion,
    @Nullable Integer stableVersion,
    RolloutStrategy strategy,
    Ending ending,
    int failedChecks,
    Instant startedAt,
    Instant endedAt) {}

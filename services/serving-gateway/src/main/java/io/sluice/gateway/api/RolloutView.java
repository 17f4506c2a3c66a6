package io.sluice.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.events.RolloutStrategy;
import io.sluice.gateway.rollout.Judgement;
import io.sluice.gateway.rollout.Rollout;
import io.sluice.gateway.rollout.Stage;
import java.time.Instant;
import java.util.List;

/**
 * A rollout as {@code /api/v1/rollouts} shows it.
 *
 * @param model the model
 * @param candidateVersion the version in rollout
 * @param stableVersion the version serving the rest, null for none
 * @param strategy canary or shadow
 * @param phase {@code SHADOW} during the comparison, {@code CANARY} during a weight step
 * @param step the current stage (0-based) of {@code steps}
 * @param steps every stage: its answered and mirrored shares
 * @param candidatePercent the candidate's share of the answers now
 * @param shadowPercent the share of requests mirrored to it now
 * @param paused whether a person paused it
 * @param pausedBy who
 * @param failedChecks failed windows so far
 * @param failedChecksToRollback failed windows that roll it back
 * @param windowStart when the current window began
 * @param windowSeconds how long a window lasts at least
 * @param startedAt when the rollout began
 * @param lastJudgement the last judged window with both versions' numbers, null before the first
 * @param judgedAt when it was judged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutView(
    String model,
    int candidateVersion,
    Integer stableVersion,
    RolloutStrategy strategy,
    String phase,
    int step,
    List<Stage> steps,
    int candidatePercent,
    int shadowPercent,
    boolean paused,
    String pausedBy,
    int failedChecks,
    int failedChecksToRollback,
    Instant windowStart,
    long windowSeconds,
    Instant startedAt,
    Judgement lastJudgement,
    Instant judgedAt) {

  static RolloutView of(Rollout rollout) {
    return new RolloutView(
        rollout.model(),
        rollout.candidateVersion(),
        rollout.stableVersion(),
        rollout.spec().strategy(),
        rollout.shares().isShadow() ? "SHADOW" : "CANARY",
        rollout.stage(),
        Stage.of(rollout.spec()),
        rollout.shares().candidatePercent(),
        rollout.shares().shadowPercent(),
        rollout.paused(),
        rollout.pausedBy(),
        rollout.failedChecks(),
        rollout.spec().analysis().failedChecksToRollback(),
        rollout.windowStart(),
        rollout.spec().stepSeconds(),
        rollout.startedAt(),
        rollout.lastJudgement(),
        rollout.judgedAt());
  }
}

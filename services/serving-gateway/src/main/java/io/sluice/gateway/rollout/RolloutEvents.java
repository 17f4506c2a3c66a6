package io.sluice.gateway.rollout;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.Nullable;
import io.sluice.events.RolloutCheck;
import io.sluice.events.RolloutPhase;
import io.sluice.events.RolloutProgressed;
import io.sluice.events.RolloutStarted;
import io.sluice.events.TrafficStats;

/**
 * The events a rollout emits, each caused by the event that started it (same correlation and
 * trace), so that {@code grep correlation=...} tells a version's whole way to production.
 */
public final class RolloutEvents {

  static final String SERVICE = "serving-gateway";

  private RolloutEvents() {}

  public static EventEnvelope<RolloutStarted> started(Rollout rollout) {
    return of(
        rollout,
        new RolloutStarted(
            rollout.model(),
            rollout.candidateVersion(),
            rollout.stableVersion(),
            rollout.shares().candidatePercent(),
            RolloutPhase.CANARY,
            TrafficStats.NONE,
            rollout.stableVersion() == null ? null : TrafficStats.NONE));
  }

  /** A judged window or a move: the new share, and both versions' numbers of the window. */
  public static EventEnvelope<RolloutProgressed> progressed(
      Rollout rollout, RolloutPhase phase, int trafficPercent, @Nullable Judgement judgement) {
    TrafficStats canary = judgement == null ? TrafficStats.NONE : judgement.canary();
    TrafficStats stable = judgement == null ? null : judgement.stable();
    if (rollout.stableVersion() != null && stable == null) {
      stable = TrafficStats.NONE;
    }
    return of(
        rollout,
        new RolloutProgressed(
            rollout.model(),
            rollout.candidateVersion(),
            rollout.stableVersion(),
            trafficPercent,
            phase,
            canary,
            rollout.stableVersion() == null ? null : stable,
            judgement == null ? null : judgement.failedCheck()));
  }

  public static EventEnvelope<ModelPromoted> promoted(Rollout rollout) {
    return of(
        rollout,
        new ModelPromoted(
            rollout.model(),
            rollout.candidateVersion(),
            rollout.stableVersion(),
            rollout.candidate().artifact()));
  }

  public static EventEnvelope<ModelRolledBack> rolledBack(
      Rollout rollout,
      String reason,
      @Nullable RolloutCheck failedCheck,
      @Nullable ManualDecision decision) {
    return of(
        rollout,
        new ModelRolledBack(
            rollout.model(),
            rollout.candidateVersion(),
            rollout.stableVersion(),
            reason,
            failedCheck,
            decision));
  }

  private static <T extends EventData> EventEnvelope<T> of(Rollout rollout, T data) {
    return EventEnvelope.causedBy(rollout.cause(), SERVICE, rollout.model(), data);
  }
}

package io.sluice.gateway.rollout;

import io.sluice.events.EventEnvelope;
import io.sluice.events.Nullable;
import io.sluice.events.RolloutSpec;
import io.sluice.gateway.inference.ModelVersion;
import java.time.Instant;

/**
 * A row of {@code rollouts}: a candidate in rollout next to a model's stable version.
 *
 * @param candidate the version being rolled out
 * @param stableVersion the version serving the rest of the traffic, null when there is none
 * @param spec how it is rolled out
 * @param stage the index of the current {@link Stage}
 * @param shares the candidate's shares now
 * @param paused true while a person paused it: no judgement, no step, weights kept
 * @param pausedBy who paused it
 * @param failedChecks failed windows so far
 * @param windowStart when the current analysis window began (database time)
 * @param startedAt when the rollout began
 * @param generation bumped by every change; a change applies only to the generation it read
 * @param lastJudgement the last judged window, null before the first
 * @param judgedAt when it was judged
 * @param cause the event that started the rollout
 */
public record Rollout(
    ModelVersion candidate,
    @Nullable Integer stableVersion,
    RolloutSpec spec,
    int stage,
    Stage shares,
    boolean paused,
    @Nullable String pausedBy,
    int failedChecks,
    Instant windowStart,
    Instant startedAt,
    long generation,
    @Nullable Judgement lastJudgement,
    @Nullable Instant judgedAt,
    EventEnvelope<?> cause) {

  public String model() {
    return candidate.name();
  }

  public int candidateVersion() {
    return candidate.version();
  }

  /** When the current window may be judged, if it is not paused. */
  public Instant windowEnd() {
    return windowStart.plusSeconds(spec.stepSeconds());
  }

  /** A new rollout at its first stage, for {@link RolloutStore#insert}. */
  public static Rollout starting(
      ModelVersion candidate,
      @Nullable Integer stableVersion,
      RolloutSpec spec,
      EventEnvelope<?> cause) {
    Instant now = Instant.now();
    return new Rollout(
        candidate,
        stableVersion,
        spec,
        0,
        Stage.of(spec).get(0),
        false,
        null,
        0,
        now,
        now,
        1,
        null,
        null,
        cause);
  }
}

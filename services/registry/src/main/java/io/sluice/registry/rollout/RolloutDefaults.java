package io.sluice.registry.rollout;

import io.sluice.events.ModelCandidate;
import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.registry.config.RegistryConfig;
import java.util.List;

/**
 * Which rollout a new version gets: its pipeline's {@code model.serving} section, else the
 * registry's configured default. The default is checked once, when the registry starts, so that a
 * bad setting stops the service instead of every registration.
 */
public final class RolloutDefaults {

  private final RolloutSpec fallback;

  public RolloutDefaults(RolloutSpec fallback) {
    this.fallback = fallback;
  }

  /**
   * The default from {@code sluice.registry.rollout.*}.
   *
   * @throws IllegalArgumentException naming the setting that makes no rollout
   */
  public static RolloutDefaults of(RegistryConfig.Rollout config) {
    RegistryConfig.Analysis a = config.analysis();
    try {
      RolloutAnalysis analysis =
          new RolloutAnalysis(
              a.minRequests(),
              a.maxErrorRate().orElse(null),
              a.maxLatencyP99Millis().orElse(null),
              a.maxErrorRateOverStable().orElse(null),
              a.maxLatencyP99Ratio().orElse(null),
              a.latencyP99ToleranceMillis().orElse(null),
              a.minAgreement().orElse(null),
              a.failedChecksToRollback());
      RolloutStrategy strategy = config.strategy();
      return new RolloutDefaults(
          new RolloutSpec(
              strategy,
              strategy == RolloutStrategy.IMMEDIATE ? List.of() : config.steps().orElse(List.of()),
              config.stepSeconds(),
              strategy == RolloutStrategy.SHADOW ? config.shadowPercent() : 0,
              analysis));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "sluice.registry.rollout.* makes no rollout: " + e.getMessage(), e);
    }
  }

  /** The rollout of a candidate and where it came from. */
  public Resolved resolve(ModelCandidate candidate) {
    return candidate.rollout() != null
        ? new Resolved(candidate.rollout(), RolloutOrigin.PIPELINE)
        : new Resolved(fallback, RolloutOrigin.REGISTRY_DEFAULT);
  }

  /** A version's rollout and where it came from. */
  public record Resolved(RolloutSpec spec, RolloutOrigin origin) {}
}

package io.sluice.registry.rollout;

import static io.sluice.registry.Candidates.passing;
import static io.sluice.registry.Candidates.uniqueModel;
import static io.sluice.registry.Candidates.uniqueRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.events.ModelCandidate;
import io.sluice.events.RolloutAnalysis;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RolloutStrategy;
import io.sluice.registry.config.RegistryConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The registry's default rollout, from {@code sluice.registry.rollout.*}. */
class RolloutDefaultsTest {

  @Test
  void theOutOfTheBoxSettingsAreImmediate() {
    RolloutDefaults defaults = RolloutDefaults.of(config(RolloutStrategy.IMMEDIATE, null));
    RolloutDefaults.Resolved resolved = defaults.resolve(passing(uniqueModel(), uniqueRun()));
    assertThat(resolved.spec()).isEqualTo(RolloutSpec.IMMEDIATE);
    assertThat(resolved.origin()).isEqualTo(RolloutOrigin.REGISTRY_DEFAULT);
  }

  @Test
  void aConfiguredCanaryIsTheDefaultOfCandidatesWithoutAServingSection() {
    RolloutDefaults defaults = RolloutDefaults.of(config(RolloutStrategy.CANARY, List.of(5, 25)));
    RolloutSpec spec = defaults.resolve(passing(uniqueModel(), uniqueRun())).spec();
    assertThat(spec.strategy()).isEqualTo(RolloutStrategy.CANARY);
    assertThat(spec.steps()).containsExactly(5, 25);
    assertThat(spec.shadowPercent()).isZero();
    assertThat(spec.analysis()).isEqualTo(RolloutAnalysis.DEFAULT);
  }

  @Test
  void thePipelinesRolloutWinsOverTheDefault() {
    RolloutDefaults defaults = RolloutDefaults.of(config(RolloutStrategy.CANARY, List.of(5)));
    ModelCandidate c = passing(uniqueModel(), uniqueRun());
    ModelCandidate withShadow =
        new ModelCandidate(
            c.modelName(),
            c.runId(),
            c.artifact(),
            c.signature(),
            c.metrics(),
            c.gate(),
            c.lineage(),
            new RolloutSpec(RolloutStrategy.SHADOW, List.of(), 30, 10, RolloutAnalysis.DEFAULT));
    RolloutDefaults.Resolved resolved = defaults.resolve(withShadow);
    assertThat(resolved.spec()).isEqualTo(withShadow.rollout());
    assertThat(resolved.origin()).isEqualTo(RolloutOrigin.PIPELINE);
  }

  @Test
  void settingsThatMakeNoRolloutStopTheRegistryNamingThem() {
    assertThatThrownBy(() -> RolloutDefaults.of(config(RolloutStrategy.CANARY, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sluice.registry.rollout")
        .hasMessageContaining("canary rollout needs at least one step");
    assertThatThrownBy(() -> RolloutDefaults.of(config(RolloutStrategy.CANARY, List.of(50, 10))))
        .hasMessageContaining("steps must increase strictly");
  }

  private static RegistryConfig.Rollout config(RolloutStrategy strategy, List<Integer> steps) {
    RegistryConfig.Analysis analysis =
        new RegistryConfig.Analysis() {
          public long minRequests() {
            return 20;
          }

          public Optional<Double> maxErrorRate() {
            return Optional.of(0.05);
          }

          public Optional<Double> maxLatencyP99Millis() {
            return Optional.empty();
          }

          public Optional<Double> maxErrorRateOverStable() {
            return Optional.of(0.02);
          }

          public Optional<Double> maxLatencyP99Ratio() {
            return Optional.of(2.0);
          }

          public Optional<Double> latencyP99ToleranceMillis() {
            return Optional.of(5.0);
          }

          public Optional<Double> minAgreement() {
            return Optional.empty();
          }

          public int failedChecksToRollback() {
            return 2;
          }
        };
    return new RegistryConfig.Rollout() {
      public RolloutStrategy strategy() {
        return strategy;
      }

      public Optional<List<Integer>> steps() {
        return Optional.ofNullable(steps);
      }

      public long stepSeconds() {
        return 60;
      }

      public int shadowPercent() {
        return 100;
      }

      public RegistryConfig.Analysis analysis() {
        return analysis;
      }
    };
  }
}

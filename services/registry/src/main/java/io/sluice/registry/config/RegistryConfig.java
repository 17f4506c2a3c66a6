package io.sluice.registry.config;

import io.sluice.events.RolloutStrategy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The registry's own settings ({@code sluice.registry.*}). */
@ConfigMapping(prefix = "sluice.registry")
public interface RegistryConfig {

  /** Paging of the REST lists. */
  Paging paging();

  /** The registry's side of the gate. */
  Gate gate();

  /** Decisions people make over REST. */
  Decisions decisions();

  /** Decisions by hand ({@code sluice.registry.decisions.*}). */
  interface Decisions {

    /**
     * How long a repeated identical decision (same caller, model, action, version and reason,
     * without an {@code Idempotency-Key}) answers the first one instead of being made again: a
     * double-click or a retried request never emits twice.
     */
    @WithDefault("PT1M")
    java.time.Duration repeatWindow();
  }

  /** The rollout of versions whose pipeline has no {@code model.serving} section. */
  Rollout rollout();

  /**
   * The default rollout ({@code sluice.registry.rollout.*}), with the meaning of the pipeline
   * spec's {@code model.serving} keys. Immediate by default: an approved version takes all traffic
   * at once, as before rollouts existed.
   */
  interface Rollout {

    /** {@code immediate}, {@code canary} or {@code shadow}. */
    @WithDefault("immediate")
    RolloutStrategy strategy();

    /** Canary weights in percent, strictly increasing; required by {@code canary}. */
    Optional<List<Integer>> steps();

    /** One analysis window, in seconds. */
    @WithDefault("60")
    long stepSeconds();

    /** Under {@code shadow}, the share of requests copied to the new version. */
    @WithDefault("100")
    int shadowPercent();

    /** What each window checks. */
    Analysis analysis();
  }

  /**
   * The checks of a default rollout ({@code sluice.registry.rollout.analysis.*}). The optional
   * limits have their defaults in {@code application.properties}; an empty value switches one off.
   */
  interface Analysis {

    /** A window in which the new version served fewer requests is extended, not judged. */
    @WithDefault("20")
    long minRequests();

    /** The new version's highest error rate. */
    Optional<Double> maxErrorRate();

    /** The new version's highest p99 latency in milliseconds. */
    Optional<Double> maxLatencyP99Millis();

    /** The new version's highest error rate above the stable one's. */
    Optional<Double> maxErrorRateOverStable();

    /** The new version's highest p99 latency as a multiple of the stable one's. */
    Optional<Double> maxLatencyP99Ratio();

    /**
     * How many milliseconds above the stable version's p99 the new version's may be before the
     * ratio counts: smaller differences are noise.
     */
    Optional<Double> latencyP99ToleranceMillis();

    /** Under shadow, the lowest share of requests both versions answer alike. */
    Optional<Double> minAgreement();

    /** This many failed windows roll the rollout back. */
    @WithDefault("2")
    int failedChecksToRollback();
  }

  /** How the registry's minimum gate policies apply ({@code sluice.registry.gate.*}). */
  interface Gate {

    /**
     * Whether a candidate of a model that has no minimum gate policy is rejected. Off, such a model
     * is judged by its pipeline's gate alone; on, an approver must set a policy (possibly with no
     * rules) before any version of the model can be approved.
     */
    @WithDefault("false")
    boolean requirePolicy();
  }

  /** Page sizes of {@code GET /api/v1/models} and {@code .../versions}. */
  interface Paging {

    /** Items per page when the request names no {@code limit}. */
    @WithDefault("20")
    int defaultLimit();

    /** The largest {@code limit} a request may ask for. */
    @WithDefault("100")
    int maxLimit();
  }
}

package io.sluice.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

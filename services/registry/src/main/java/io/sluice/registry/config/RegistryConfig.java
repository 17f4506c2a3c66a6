package io.sluice.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The registry's own settings ({@code sluice.registry.*}). */
@ConfigMapping(prefix = "sluice.registry")
public interface RegistryConfig {

  /** Paging of the REST lists. */
  Paging paging();

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

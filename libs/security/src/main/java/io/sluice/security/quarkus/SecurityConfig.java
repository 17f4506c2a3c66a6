package io.sluice.security.quarkus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Whether the REST APIs check who calls them ({@code sluice.security.*}). */
@ConfigMapping(prefix = "sluice.security")
public interface SecurityConfig {

  /**
   * Whether bearer tokens and roles are checked. {@code false} lets anyone call anything and is for
   * development only: the service logs a warning at start-up and every request is recorded as
   * coming from {@code anonymous}.
   */
  @WithDefault("true")
  boolean enabled();
}

package io.sluice.security.quarkus;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.spi.runtime.AuthorizationController;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Quarkus' switch for every role check, driven by {@code sluice.security.enabled}. Switching it off
 * is never silent: the service says so at start-up, loudly.
 */
@Alternative
@Priority(Interceptor.Priority.LIBRARY_AFTER)
@Singleton
public class SwitchableAuthorization extends AuthorizationController {

  private static final Logger LOG = Logger.getLogger(SwitchableAuthorization.class);

  private final SecurityConfig config;

  public SwitchableAuthorization(SecurityConfig config) {
    this.config = config;
  }

  @Override
  public boolean isAuthorizationEnabled() {
    return config.enabled();
  }

  void announce(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.warn(
          "SECURITY IS OFF (sluice.security.enabled=false): every REST endpoint answers anyone"
              + " who can reach this port, as 'anonymous'. For development only.");
    }
  }
}

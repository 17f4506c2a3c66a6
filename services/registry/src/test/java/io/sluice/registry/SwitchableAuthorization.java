package io.sluice.registry;

import io.quarkus.security.spi.runtime.AuthorizationController;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * Lets a test switch off the {@code @RolesAllowed} checks, which are always enforced, while tests
 * call the API without tokens. On by default, so every other test sees the real checks; a test that
 * switches it off switches it back on when done.
 */
@Alternative
@Priority(1)
@Singleton
public class SwitchableAuthorization extends AuthorizationController {

  private static volatile boolean enabled = true;

  static void disable() {
    enabled = false;
  }

  static void enable() {
    enabled = true;
  }

  @Override
  public boolean isAuthorizationEnabled() {
    return enabled;
  }
}

package io.sluice.gateway.api;

import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.security.Roles;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Who may call a model's V2 endpoints: anyone for a model listed in {@code
 * sluice.gateway.open-models}, otherwise a caller with the {@code inference} role ({@code admin}
 * implies it). A denied caller without a token gets 401, one with a token 403.
 */
@Singleton
public class InferenceAccess {

  /** The permission the model endpoints require. */
  public static final String PERMISSION = "model-inference";

  private final Set<String> openModels;

  InferenceAccess(GatewayConfig config) {
    this.openModels = config.openModels().orElse(Set.of());
  }

  @PermissionChecker(PERMISSION)
  boolean mayCall(SecurityIdentity identity, String name) {
    return isOpen(name) || identity.hasRole(Roles.INFERENCE);
  }

  /** Whether anyone may call this model, without a token. */
  public boolean isOpen(String name) {
    return openModels.contains(name);
  }
}

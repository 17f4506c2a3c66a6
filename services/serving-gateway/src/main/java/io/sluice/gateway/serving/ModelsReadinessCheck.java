package io.sluice.gateway.serving;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the versions recorded as served are served again by this replica. */
@Readiness
@ApplicationScoped
public class ModelsReadinessCheck implements HealthCheck {

  private final ServingState state;

  public ModelsReadinessCheck(ServingState state) {
    this.state = state;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("models").status(state.isRecovered()).build();
  }
}

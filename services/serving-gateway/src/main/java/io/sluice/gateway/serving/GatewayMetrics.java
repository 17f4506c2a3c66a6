package io.sluice.gateway.serving;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's own counters: {@code sluice.gateway.evaluations} by outcome ({@code promoted},
 * {@code rejected}, {@code not_newer}, {@code refused}) and {@code
 * sluice.gateway.artifacts.refused} by reason ({@code sha256_mismatch}, {@code missing}, {@code
 * too_large}, ...).
 */
@ApplicationScoped
public class GatewayMetrics {

  private final MeterRegistry registry;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void evaluation(String outcome) {
    registry.counter("sluice.gateway.evaluations", "outcome", outcome).increment();
  }

  public void artifactRefused(String model, String reason) {
    registry
        .counter("sluice.gateway.artifacts.refused", "model", model, "reason", reason)
        .increment();
  }
}

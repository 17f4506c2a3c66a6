package io.sluice.registry.gate;

import java.util.Map;

/**
 * The version serving as a model's champion when a candidate is gated, with the metrics it was
 * registered with.
 *
 * @param version the champion's version number
 * @param metrics its metrics, by name
 */
public record Champion(int version, Map<String, Double> metrics) {

  public Champion {
    metrics = Map.copyOf(metrics);
  }
}

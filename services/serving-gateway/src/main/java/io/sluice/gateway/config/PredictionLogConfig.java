package io.sluice.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * {@code sluice.gateway.prediction-log.*}: which predictions are copied to {@code
 * sluice.predictions}, and how much of them.
 */
@ConfigMapping(prefix = "sluice.gateway.prediction-log")
public interface PredictionLogConfig {

  /** The share of each model's answered requests that is logged, 0 (none) to 1 (all). */
  @WithDefault("0.01")
  double sampleRate();

  /** Whether request bodies (the feature values) are replaced by their SHA-256. */
  @WithDefault("false")
  boolean redact();

  /** A request or response body larger than this is left out of its record (and said so). */
  @WithDefault("65536")
  int maxBodyBytes();

  /** Per model, by name: overrides of the sample rate and of redaction. */
  Map<String, ModelSettings> models();

  /** {@code sluice.gateway.prediction-log.models."<name>".*}. */
  interface ModelSettings {

    /** This model's share of logged requests; the global rate when absent. */
    java.util.Optional<Double> sampleRate();

    /** Whether this model's feature values are redacted; the global setting when absent. */
    java.util.Optional<Boolean> redact();
  }
}

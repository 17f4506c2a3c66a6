package io.sluice.gateway.prediction;

import io.sluice.gateway.config.PredictionLogConfig;

/** Which predictions of which model are logged, and whether their feature values are redacted. */
final class PredictionSampling {

  private final PredictionLogConfig config;

  PredictionSampling(PredictionLogConfig config) {
    this.config = config;
    check(config.sampleRate(), "sluice.gateway.prediction-log.sample-rate");
    config
        .models()
        .forEach(
            (model, settings) ->
                settings
                    .sampleRate()
                    .ifPresent(
                        rate ->
                            check(
                                rate,
                                "sluice.gateway.prediction-log.models.\""
                                    + model
                                    + "\".sample-rate")));
  }

  /** Whether a request whose uniform draw in [0, 1) is {@code draw} is logged. */
  boolean sampled(String model, double draw) {
    return draw < rateOf(model);
  }

  double rateOf(String model) {
    PredictionLogConfig.ModelSettings settings = config.models().get(model);
    return settings == null
        ? config.sampleRate()
        : settings.sampleRate().orElse(config.sampleRate());
  }

  boolean redacted(String model) {
    PredictionLogConfig.ModelSettings settings = config.models().get(model);
    return settings == null ? config.redact() : settings.redact().orElse(config.redact());
  }

  private static void check(double rate, String property) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(property + " must be in [0, 1], got " + rate);
    }
  }
}

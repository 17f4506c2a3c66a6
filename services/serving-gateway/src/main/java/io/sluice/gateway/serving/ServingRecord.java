package io.sluice.gateway.serving;

import io.sluice.gateway.inference.ModelVersion;
import java.time.Instant;

/**
 * A row of {@code served_models}: the version that takes a model's traffic, and since when.
 *
 * @param version the served version
 * @param servedSince when it was promoted
 */
public record ServingRecord(ModelVersion version, Instant servedSince) {}

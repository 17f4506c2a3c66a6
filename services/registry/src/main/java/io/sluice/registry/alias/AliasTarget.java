package io.sluice.registry.alias;

import java.time.Instant;

/**
 * Where an alias points.
 *
 * @param modelName the model
 * @param alias the alias, e.g. {@code champion}
 * @param version the version it names
 * @param updatedAt when it last moved
 */
public record AliasTarget(String modelName, String alias, int version, Instant updatedAt) {}

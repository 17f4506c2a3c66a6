package io.sluice.registry.alias;

import java.time.Instant;

/**
 * One move of an alias, as the history keeps it.
 *
 * @param id the history row, increasing with time (the cursor of history pages)
 * @param modelName the model
 * @param alias the alias
 * @param version the version it names after the move, or null when it was removed
 * @param previousVersion the version it named before, or null when it was new
 * @param movedBy a person's subject, or the service whose event moved it
 * @param reason why, for people
 * @param eventId the {@code model.alias_moved} the move emitted
 * @param causeEventId the event that caused the move, or null for a person's request
 * @param viaRollback whether a {@code model.rolled_back} moved it (its previous version misbehaved)
 * @param movedAt when
 */
public record AliasMove(
    long id,
    String modelName,
    String alias,
    Integer version,
    Integer previousVersion,
    String movedBy,
    String reason,
    String eventId,
    String causeEventId,
    boolean viaRollback,
    Instant movedAt) {}

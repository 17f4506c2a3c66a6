package io.sluice.registry.decision;

import java.time.Instant;

/**
 * A person's decision as recorded.
 *
 * @param id the record, increasing with time
 * @param modelName the model
 * @param version the version decided on; for a rollback, the version it restores
 * @param action what was decided
 * @param decidedBy the caller's subject
 * @param reason why, for people
 * @param eventId the event it emitted, or null for an archive (which emits none)
 * @param decidedAt when
 */
public record Decision(
    long id,
    String modelName,
    int version,
    DecisionAction action,
    String decidedBy,
    String reason,
    String eventId,
    Instant decidedAt) {}

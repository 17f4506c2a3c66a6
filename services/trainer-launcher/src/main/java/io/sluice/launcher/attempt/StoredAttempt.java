package io.sluice.launcher.attempt;

import io.sluice.launcher.exec.AttemptKey;
import java.time.Instant;

/**
 * One row of {@code launcher_attempts}: an attempt and what is needed to answer for it later (the
 * correlation and cause of the request, so follow-up events stay in its chain).
 */
public record StoredAttempt(
    AttemptKey key,
    AttemptState state,
    String owner,
    String executor,
    String node,
    String correlationId,
    String causeEventId,
    String traceparent,
    Instant startedAt) {}

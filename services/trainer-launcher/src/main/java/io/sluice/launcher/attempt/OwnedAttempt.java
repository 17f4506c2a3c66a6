package io.sluice.launcher.attempt;

import io.sluice.launcher.local.StepProcessId;
import java.util.Optional;

/**
 * A STARTED attempt as its owner, or whoever recovers it, sees it.
 *
 * @param attempt the attempt
 * @param lapsed whether its lease lapsed: no heartbeat for a whole lease
 * @param cancelReason why it was asked to stop, when it was
 * @param process its host process (local executor), when one was recorded
 */
public record OwnedAttempt(
    StoredAttempt attempt,
    boolean lapsed,
    Optional<String> cancelReason,
    Optional<StepProcessId> process) {}

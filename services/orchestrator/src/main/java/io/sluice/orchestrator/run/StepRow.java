package io.sluice.orchestrator.run;

import io.sluice.events.CachedFrom;
import io.sluice.events.StepInput;
import io.sluice.events.StepOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One step of a run as stored: its latest attempt, what was requested and what it produced.
 *
 * @param attempt the latest requested attempt, 0 while pending
 * @param argv the requested argv (params substituted), empty while pending
 * @param inputs the requested inputs with their hashes, empty while pending
 * @param outputs the outputs of the done attempt, empty until done
 * @param metrics the metrics of the done attempt, empty until done
 * @param lastError the last failure message, or null
 * @param retryAt when the next attempt is requested, while {@link StepState#WAITING_FOR_RETRY};
 *     else null
 * @param leaseEndsAt until when the executor vouched for the attempt (its latest heartbeat), or
 *     null when it sent none
 * @param leaseOwner the executor replica that sent that heartbeat, or null
 * @param deadlineAt the attempt's deadline as requested, or null (requested before it was kept)
 * @param cachedFrom the earlier attempt a DONE step reused instead of running, or null when it ran
 */
public record StepRow(
    String stepName,
    StepState state,
    int attempt,
    String image,
    List<String> argv,
    List<StepInput> inputs,
    String cacheKey,
    Instant requestedAt,
    Instant startedAt,
    Instant finishedAt,
    String imageDigest,
    List<StepOutput> outputs,
    Map<String, Double> metrics,
    String lastError,
    Instant retryAt,
    Instant leaseEndsAt,
    String leaseOwner,
    Instant deadlineAt,
    CachedFrom cachedFrom) {}

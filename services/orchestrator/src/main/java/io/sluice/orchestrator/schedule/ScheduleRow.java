package io.sluice.orchestrator.schedule;

import io.sluice.orchestrator.spec.ConcurrencyPolicy;
import java.time.Instant;
import java.util.UUID;

/**
 * One schedule of a pipeline as stored, with where it stands.
 *
 * @param pipelineVersion the version whose runs it starts (the latest when it was planned)
 * @param nextFireAt the next tick it waits for
 * @param lastFiredAt the tick of the last run it started, or null
 * @param lastRunId that run, or null
 * @param lastSkippedAt the last tick it skipped, or null
 * @param lastSkipReason why, or null
 * @param skippedTicks how many ticks it skipped in all (a policy, no dataset, missed downtime)
 */
public record ScheduleRow(
    String pipelineName,
    String scheduleName,
    String pipelineVersion,
    String cron,
    String timezone,
    ConcurrencyPolicy concurrency,
    Instant nextFireAt,
    Instant lastFiredAt,
    UUID lastRunId,
    Instant lastSkippedAt,
    String lastSkipReason,
    long skippedTicks) {}

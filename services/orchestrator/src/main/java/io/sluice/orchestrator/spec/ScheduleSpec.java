package io.sluice.orchestrator.spec;

/**
 * One cron trigger of a pipeline.
 *
 * @param name unique within the pipeline; with the pipeline's name it identifies the schedule
 * @param cron when it fires
 * @param timezone the IANA time zone the cron expression is read in
 * @param concurrency what a tick does while a run it started is still running
 * @param line the YAML line of the schedule, for error messages
 */
public record ScheduleSpec(
    String name, Cron cron, String timezone, ConcurrencyPolicy concurrency, int line) {}

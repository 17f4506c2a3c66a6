package io.sluice.orchestrator.run;

import io.sluice.events.DataArrived;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One run as stored.
 *
 * @param params the resolved params, in spec order
 * @param dataset the {@code data.arrived} that triggered it (input URIs and lineage come from it)
 * @param failure why it failed, or null
 * @param finishedAt when it succeeded or failed, or null while running
 */
public record RunRow(
    UUID id,
    String pipelineName,
    String pipelineVersion,
    RunState state,
    Map<String, String> params,
    DataArrived dataset,
    String failure,
    Instant createdAt,
    Instant finishedAt) {}

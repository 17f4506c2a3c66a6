package io.sluice.orchestrator.pipeline;

import java.time.Instant;

/**
 * One registered pipeline version as stored.
 *
 * @param version sha256 of the canonical spec
 * @param canonicalSpec the canonical JSON of the spec
 * @param sourceYaml the YAML as it was first posted (comments and all)
 */
public record StoredPipeline(
    String name,
    String version,
    String triggerDataset,
    String canonicalSpec,
    String sourceYaml,
    Instant registeredAt) {}

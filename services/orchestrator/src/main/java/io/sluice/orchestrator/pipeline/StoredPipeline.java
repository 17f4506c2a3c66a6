package io.sluice.orchestrator.pipeline;

import java.time.Instant;

/**
 * One registered pipeline version as stored.
 *
 * @param version sha256 of the canonical spec
 * @param canonicalSpec the canonical JSON of the spec
 * @param sourceYaml the YAML as it was first posted (comments and all)
 * @param registeredBy who first registered this version (null for versions from before that was
 *     recorded)
 * @param activatedBy who last made it the latest version (null likewise)
 */
public record StoredPipeline(
    String name,
    String version,
    String triggerDataset,
    String canonicalSpec,
    String sourceYaml,
    Instant registeredAt,
    String registeredBy,
    String activatedBy) {}

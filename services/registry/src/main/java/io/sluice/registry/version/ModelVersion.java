package io.sluice.registry.version;

import io.sluice.events.ArtifactRef;
import io.sluice.events.GateRule;
import io.sluice.events.Lineage;
import io.sluice.events.ModelSignature;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import io.sluice.registry.rollout.RolloutOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One immutable, numbered model version as the registry stored it.
 *
 * @param modelName the model
 * @param version the number, from 1, per model
 * @param candidateEventId the {@code ce_id} of the candidate it came from
 * @param runId the run that produced it
 * @param artifact the ONNX file and its hash
 * @param signature inputs, outputs, feature and class names
 * @param metrics the reported metrics
 * @param gate the rules applied
 * @param verdict the gate's decision
 * @param results each comparison made
 * @param reasons why, for people
 * @param lineage where it came from
 * @param registeredAt when it was registered (null before it was stored)
 * @param gatePolicy the registry's minimum policy it was gated under, or null when none was set
 * @param rollout how the gateway rolls it out, or null for versions registered before rollouts
 * @param rolloutFrom where {@code rollout} came from, null with it
 */
public record ModelVersion(
    String modelName,
    int version,
    String candidateEventId,
    String runId,
    ArtifactRef artifact,
    ModelSignature signature,
    Map<String, Double> metrics,
    List<GateRule> gate,
    Verdict verdict,
    List<RuleResult> results,
    List<String> reasons,
    Lineage lineage,
    Instant registeredAt,
    PolicyRef gatePolicy,
    RolloutSpec rollout,
    RolloutOrigin rolloutFrom) {}

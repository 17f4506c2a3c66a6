package io.sluice.registry.api;

import io.sluice.events.ArtifactRef;
import io.sluice.events.GateRule;
import io.sluice.events.Lineage;
import io.sluice.events.ModelSignature;
import io.sluice.events.RolloutSpec;
import io.sluice.events.RuleResult;
import io.sluice.events.Verdict;
import io.sluice.registry.decision.Decision;
import io.sluice.registry.decision.DecisionAction;
import io.sluice.registry.rollout.RolloutOrigin;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.PolicyRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model version as the REST API shows it: everything, with the aliases that point at it, the
 * registry's minimum gate policy it was gated under ({@code gatePolicy}, null when none was set),
 * the decisions people made on it (oldest first), whether it is archived, and how the gateway rolls
 * it out ({@code rollout}, from {@code rolloutFrom}: the pipeline or the registry's default; both
 * null for versions registered before rollouts, which served at once).
 */
public record VersionView(
    String modelName,
    int version,
    String runId,
    String candidateEventId,
    Instant registeredAt,
    ArtifactRef artifact,
    ModelSignature signature,
    Map<String, Double> metrics,
    List<GateRule> gate,
    Verdict verdict,
    List<RuleResult> results,
    List<String> reasons,
    List<String> aliases,
    Lineage lineage,
    PolicyRef gatePolicy,
    List<Decision> decisions,
    boolean archived,
    RolloutSpec rollout,
    RolloutOrigin rolloutFrom) {

  static VersionView of(ModelVersion version, List<String> aliases, List<Decision> decisions) {
    return new VersionView(
        version.modelName(),
        version.version(),
        version.runId(),
        version.candidateEventId(),
        version.registeredAt(),
        version.artifact(),
        version.signature(),
        version.metrics(),
        version.gate(),
        version.verdict(),
        version.results(),
        version.reasons(),
        aliases,
        version.lineage(),
        version.gatePolicy(),
        decisions,
        decisions.stream().anyMatch(d -> d.action() == DecisionAction.ARCHIVE),
        version.rollout(),
        version.rolloutFrom());
  }
}

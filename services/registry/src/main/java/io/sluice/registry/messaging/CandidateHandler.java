package io.sluice.registry.messaging;

import io.sluice.eventing.EventContext;
import io.sluice.eventing.UnusableEventException;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelRegistered;
import io.sluice.registry.ModelNames;
import io.sluice.registry.config.RegistryConfig;
import io.sluice.registry.gate.Champion;
import io.sluice.registry.gate.ChampionLookup;
import io.sluice.registry.gate.GateDecision;
import io.sluice.registry.gate.GatePolicy;
import io.sluice.registry.policy.MinimumPolicy;
import io.sluice.registry.policy.PolicyStore;
import io.sluice.registry.rollout.RolloutDefaults;
import io.sluice.registry.version.ModelVersion;
import io.sluice.registry.version.PolicyRef;
import io.sluice.registry.version.VersionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import org.jboss.logging.Logger;

/**
 * Turns a {@code model.candidate} into the next numbered version of its model, gates it, and
 * announces {@code model.registered} and {@code model.evaluated} in the same transaction.
 */
@ApplicationScoped
public class CandidateHandler {

  private static final Logger LOG = Logger.getLogger(CandidateHandler.class);

  private final VersionStore versions;
  private final ChampionLookup champions;
  private final PolicyStore policies;
  private final GatePolicy gatePolicy;
  private final RolloutDefaults rollouts;

  CandidateHandler(
      VersionStore versions,
      ChampionLookup champions,
      PolicyStore policies,
      RegistryConfig config) {
    this.versions = versions;
    this.champions = champions;
    this.policies = policies;
    this.gatePolicy = new GatePolicy(config.gate().requirePolicy());
    this.rollouts = RolloutDefaults.of(config.rollout());
  }

  /** Registers the candidate unless this event or this run already gave the model a version. */
  public void onCandidate(EventEnvelope<ModelCandidate> event, EventContext context)
      throws SQLException, UnusableEventException {
    ModelCandidate candidate = event.data();
    requireUsableName(candidate.modelName());
    Connection connection = context.connection();
    int latest = versions.lockModel(connection, candidate.modelName());
    OptionalInt existing =
        versions.versionOfCandidate(
            connection, event.id(), candidate.modelName(), candidate.runId());
    if (existing.isPresent()) {
      LOG.infof(
          "candidate of run=%s is already model=%s version=%d; nothing to do",
          candidate.runId(), candidate.modelName(), existing.getAsInt());
      return;
    }
    Optional<MinimumPolicy> minimum = policies.current(connection, candidate.modelName());
    GateDecision decision = gate(connection, candidate, minimum);
    ModelVersion version =
        toVersion(event, latest + 1, decision, minimum, rollouts.resolve(candidate));
    versions.insert(connection, version);
    announce(version, context);
  }

  /**
   * Gates the candidate under its pipeline's rules and the model's minimum policy, against the
   * current champion when a rule asks for it. Both are read on this handler's transaction with the
   * model's row locked: a policy change takes the same lock, and promotions of the model arrive on
   * the same partition, so these are the policy and champion in effect at this point.
   */
  private GateDecision gate(
      Connection connection, ModelCandidate candidate, Optional<MinimumPolicy> minimum)
      throws SQLException {
    Optional<Champion> champion =
        GatePolicy.needsChampion(candidate.gate(), minimum)
            ? champions.champion(connection, candidate.modelName())
            : Optional.empty();
    return gatePolicy.evaluate(candidate.gate(), minimum, candidate.metrics(), champion);
  }

  private static ModelVersion toVersion(
      EventEnvelope<ModelCandidate> event,
      int number,
      GateDecision decision,
      Optional<MinimumPolicy> minimum,
      RolloutDefaults.Resolved rollout) {
    ModelCandidate candidate = event.data();
    return new ModelVersion(
        candidate.modelName(),
        number,
        event.id(),
        candidate.runId(),
        candidate.artifact(),
        candidate.signature(),
        candidate.metrics(),
        candidate.gate(),
        decision.verdict(),
        decision.results(),
        decision.reasons(),
        candidate.lineage(),
        null,
        minimum.map(policy -> new PolicyRef(policy.revision(), policy.setBy())).orElse(null),
        rollout.spec(),
        rollout.origin());
  }

  private static void announce(ModelVersion version, EventContext context) throws SQLException {
    String model = version.modelName();
    context.emitCausedBy(
        model,
        new ModelRegistered(
            model,
            version.version(),
            version.artifact(),
            version.runId(),
            version.candidateEventId()));
    context.emitCausedBy(model, toEvaluated(version));
    LOG.infof(
        "registered model=%s version=%d run=%s verdict=%s gate-policy=%s",
        model,
        version.version(),
        version.runId(),
        version.verdict(),
        version.gatePolicy() == null ? "none" : "r" + version.gatePolicy().revision());
  }

  private static ModelEvaluated toEvaluated(ModelVersion version) {
    return new ModelEvaluated(
        version.modelName(),
        version.version(),
        version.artifact(),
        version.signature(),
        version.metrics(),
        version.gate(),
        version.verdict(),
        version.results(),
        version.reasons(),
        version.lineage(),
        version.rollout(),
        null);
  }

  private static void requireUsableName(String modelName) throws UnusableEventException {
    if (!ModelNames.isModelName(modelName)) {
      throw new UnusableEventException(
          "model name '" + ModelNames.shown(modelName) + "' is not a valid model name");
    }
  }
}

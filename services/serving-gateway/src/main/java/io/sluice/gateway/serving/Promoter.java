package io.sluice.gateway.serving;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelPromoted;
import io.sluice.gateway.artifact.UnusableArtifactException;
import io.sluice.gateway.inference.ModelRouter;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.inference.ServedModel;
import io.sluice.gateway.inference.StaleVersionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies {@code model.evaluated}: an approved, newer version is downloaded, verified, loaded and
 * warmed up; then it is recorded in {@code served_models} together with its {@code model.promoted}
 * event, and only after that commit does it take traffic. Anything that cannot be served leaves the
 * current version serving.
 */
@ApplicationScoped
public class Promoter {

  private static final Logger LOG = Logger.getLogger(Promoter.class);

  private final ServedModelsTable table;
  private final Preparer preparer;
  private final ModelRouter router;
  private final GatewayMetrics metrics;

  public Promoter(
      ServedModelsTable table, ModelPreparer preparer, ModelRouter router, GatewayMetrics metrics) {
    this.table = table;
    this.preparer = preparer;
    this.router = router;
    this.metrics = metrics;
  }

  /** The {@code model.evaluated} handler; runs inside the event's transaction. */
  public void onEvaluated(EventEnvelope<ModelEvaluated> event, EventContext context)
      throws Exception {
    ModelEvaluated evaluated = event.data();
    ModelVersion version = versionOf(evaluated);
    MDC.put("model", version.name());
    MDC.put("modelVersion", version.version());
    Connection connection = context.connection();
    table.lock(connection, version.name());
    Optional<Integer> serving =
        table.find(connection, version.name()).map(record -> record.version().version());
    PromotionDecision decision = PromotionDecision.decide(evaluated, serving);
    if (decision != PromotionDecision.PROMOTE) {
      ignore(version, decision, serving);
      return;
    }
    Optional<ServedModel> model = prepare(version);
    if (model.isPresent()) {
      promote(event, context, model.get(), serving);
    }
  }

  private static ModelVersion versionOf(ModelEvaluated evaluated) {
    return new ModelVersion(
        evaluated.modelName(), evaluated.version(), evaluated.artifact(), evaluated.signature());
  }

  private void ignore(ModelVersion version, PromotionDecision decision, Optional<Integer> serving) {
    if (decision == PromotionDecision.REJECTED_BY_GATE) {
      metrics.evaluation("rejected");
      LOG.infof("%s was rejected by the gate; serving stays as it is", version);
    } else {
      metrics.evaluation("not_newer");
      LOG.infof("%s is not newer than v%d, which serves; ignored", version, serving.orElse(0));
    }
  }

  private Optional<ServedModel> prepare(ModelVersion version) {
    try {
      return Optional.of(preparer.prepare(version));
    } catch (UnusableArtifactException e) {
      metrics.evaluation("refused");
      metrics.artifactRefused(version.name(), e.reason());
      LOG.errorf(
          "NOT serving %s (%s): %s; the current version keeps serving",
          version, e.reason(), e.getMessage());
      return Optional.empty();
    }
  }

  private void promote(
      EventEnvelope<ModelEvaluated> event,
      EventContext context,
      ServedModel model,
      Optional<Integer> serving)
      throws Exception {
    ModelVersion version = model.version();
    // Traffic follows the committed record, never the other way round.
    context.afterCommit(
        () -> {
          switchTraffic(model);
          metrics.evaluation("promoted");
        });
    context.afterRollback(model::retire);
    if (!table.promote(
        context.connection(), new ServingRecord(version, Instant.now()), event.id())) {
      throw new IllegalStateException(version + " lost a race under the model's lock");
    }
    context.emitCausedBy(
        version.name(),
        new ModelPromoted(
            version.name(), version.version(), serving.orElse(null), version.artifact()));
  }

  private void switchTraffic(ServedModel model) {
    try {
      Optional<Integer> replaced = router.serve(model);
      LOG.infof(
          "%s now takes all traffic (replaced %s)",
          model.version(), replaced.map(v -> "v" + v).orElse("nothing"));
    } catch (StaleVersionException e) {
      model.retire();
      LOG.warnf(
          "recorded %s, but this replica already serves a newer one: %s",
          model.version(), e.getMessage());
    }
  }
}

package io.sluice.gateway.serving;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelEvaluated;
import io.sluice.gateway.inference.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies {@code model.evaluated}, in the event's short transaction: an approved, newer version is
 * recorded as a promotion request, which the {@link PromotionWorker} prepares afterwards, outside
 * any transaction and outside this consumer's poll loop; anything else is counted and ignored.
 */
@ApplicationScoped
public class Promoter {

  private static final Logger LOG = Logger.getLogger(Promoter.class);

  private final ServedModelsTable table;
  private final PromotionRequests requests;
  private final PromotionWorker worker;
  private final GatewayMetrics metrics;

  public Promoter(
      ServedModelsTable table,
      PromotionRequests requests,
      PromotionWorker worker,
      GatewayMetrics metrics) {
    this.table = table;
    this.requests = requests;
    this.worker = worker;
    this.metrics = metrics;
  }

  /** The {@code model.evaluated} handler; runs inside the event's transaction. */
  public void onEvaluated(EventEnvelope<ModelEvaluated> event, EventContext context)
      throws Exception {
    ModelVersion version = versionOf(event.data());
    MDC.put("model", version.name());
    MDC.put("modelVersion", version.version());
    Connection connection = context.connection();
    table.lock(connection, version.name());
    Optional<Integer> serving =
        table.find(connection, version.name()).map(record -> record.version().version());
    PromotionDecision decision = PromotionDecision.decide(event.data(), serving);
    if (decision != PromotionDecision.PROMOTE) {
      ignore(version, decision, serving);
      return;
    }
    if (requests.request(connection, event)) {
      LOG.infof("%s approved; preparing it to take the traffic", version);
    }
    context.afterCommit(worker::wake);
  }

  static ModelVersion versionOf(ModelEvaluated evaluated) {
    return new ModelVersion(
        evaluated.modelName(), evaluated.version(), evaluated.artifact(), evaluated.signature());
  }

  void ignore(ModelVersion version, PromotionDecision decision, Optional<Integer> serving) {
    if (decision == PromotionDecision.REJECTED_BY_GATE) {
      metrics.evaluation("rejected");
      LOG.infof("%s was rejected by the gate; serving stays as it is", version);
    } else {
      metrics.evaluation("not_newer");
      LOG.infof("%s is not newer than v%d, which serves; ignored", version, serving.orElse(0));
    }
  }
}

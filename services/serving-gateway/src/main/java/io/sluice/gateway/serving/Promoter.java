package io.sluice.gateway.serving;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ManualDecision;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelServeRequested;
import io.sluice.events.Verdict;
import io.sluice.gateway.inference.ModelVersion;
import io.sluice.gateway.rollout.Rollout;
import io.sluice.gateway.rollout.RolloutFollower;
import io.sluice.gateway.rollout.RolloutMoves;
import io.sluice.gateway.rollout.RolloutStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Applies {@code model.evaluated} and {@code model.serve_requested}, in the event's short
 * transaction: an approved version newer than the one serving and the one in rollout, or any
 * version a person asked for, is recorded as a promotion request, which the {@link PromotionWorker}
 * prepares afterwards, outside any transaction and outside this consumer's poll loop. A person's
 * rejection of the version in rollout rolls it back here at once (nothing to prepare). Anything
 * else is counted and ignored.
 */
@ApplicationScoped
public class Promoter {

  private static final Logger LOG = Logger.getLogger(Promoter.class);

  private final ServedModelsTable table;
  private final RolloutStore rollouts;
  private final RolloutMoves moves;
  private final PromotionRequests requests;
  private final PromotionWorker worker;
  private final RolloutFollower follower;
  private final GatewayMetrics metrics;

  public Promoter(
      ServedModelsTable table,
      RolloutStore rollouts,
      RolloutMoves moves,
      PromotionRequests requests,
      PromotionWorker worker,
      RolloutFollower follower,
      GatewayMetrics metrics) {
    this.table = table;
    this.rollouts = rollouts;
    this.moves = moves;
    this.requests = requests;
    this.worker = worker;
    this.follower = follower;
    this.metrics = metrics;
  }

  /** The {@code model.evaluated} handler; runs inside the event's transaction. */
  public void onEvaluated(EventEnvelope<ModelEvaluated> event, EventContext context)
      throws Exception {
    ModelVersion version = versionOf(event.data());
    mdc(version);
    Connection connection = context.connection();
    table.lock(connection, version.name());
    Optional<Integer> serving =
        table.find(connection, version.name()).map(record -> record.version().version());
    Optional<Rollout> inFlight = rollouts.find(connection, version.name());
    if (rejectedByHandInRollout(event.data(), inFlight)) {
      rollBackByHand(event.data().decision(), inFlight.get(), context);
      return;
    }
    PromotionDecision decision =
        PromotionDecision.decide(event.data(), Promotions.newest(serving, inFlight));
    if (decision != PromotionDecision.PROMOTE) {
      ignore(version, decision, Promotions.newest(serving, inFlight));
      return;
    }
    if (requests.request(connection, event)) {
      LOG.infof("%s approved; preparing it to take the traffic", version);
    }
    context.afterCommit(worker::wake);
  }

  /** The {@code model.serve_requested} handler; runs inside the event's transaction. */
  public void onServeRequested(EventEnvelope<ModelServeRequested> event, EventContext context)
      throws Exception {
    ModelServeRequested request = event.data();
    ModelVersion version =
        new ModelVersion(
            request.modelName(), request.version(), request.artifact(), request.signature());
    mdc(version);
    requests.requestByHand(context.connection(), event);
    LOG.infof(
        "%s: %s asked by %s (%s); preparing it",
        version, request.action(), request.decision().by(), request.decision().reason());
    context.afterCommit(worker::wake);
  }

  private static boolean rejectedByHandInRollout(
      ModelEvaluated evaluated, Optional<Rollout> inFlight) {
    return evaluated.verdict() == Verdict.REJECTED
        && evaluated.decision() != null
        && inFlight.isPresent()
        && inFlight.get().candidateVersion() == evaluated.version();
  }

  private void rollBackByHand(ManualDecision decision, Rollout rollout, EventContext context)
      throws Exception {
    String reason = "rejected by " + decision.by() + ": " + decision.reason();
    if (moves.rollBack(context.connection(), rollout, reason, null, decision, null)) {
      metrics.evaluation("rolled_back");
      LOG.infof("%s rolled back: %s", rollout.candidate(), reason);
      context.afterCommit(follower::wake);
    }
  }

  static ModelVersion versionOf(ModelEvaluated evaluated) {
    return new ModelVersion(
        evaluated.modelName(), evaluated.version(), evaluated.artifact(), evaluated.signature());
  }

  private static void mdc(ModelVersion version) {
    MDC.put("model", version.name());
    MDC.put("modelVersion", version.version());
  }

  void ignore(ModelVersion version, PromotionDecision decision, Optional<Integer> newest) {
    if (decision == PromotionDecision.REJECTED_BY_GATE) {
      metrics.evaluation("rejected");
      LOG.infof("%s was rejected by the gate; serving stays as it is", version);
    } else {
      metrics.evaluation("not_newer");
      LOG.infof(
          "%s is not newer than v%d, which serves or is in rollout; ignored",
          version, newest.orElse(0));
    }
  }
}

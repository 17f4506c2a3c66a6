package io.sluice.gateway.messaging;

import io.sluice.eventing.Subscription;
import io.sluice.events.EventType;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.ModelServeRequested;
import io.sluice.events.RolloutProgressed;
import io.sluice.events.RolloutStarted;
import io.sluice.events.Topics;
import io.sluice.gateway.serving.Promoter;
import io.sluice.gateway.serving.ServingState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * What the gateway reads: evaluations and a person's serve requests from {@code sluice.models},
 * handled once across replicas; and its own promotions, rollbacks and rollout moves, which every
 * replica follows so that all of them route alike.
 */
@ApplicationScoped
public class ModelEventSubscriptions {

  /** Consumer group that decides on evaluated versions and on a person's serve requests. */
  public static final String EVALUATIONS = "serving-gateway.evaluations";

  /** Per-replica consumer that follows promotions, rollbacks and rollout moves. */
  public static final String ROUTING = "serving-gateway.routing";

  @Produces
  Subscription evaluations(Promoter promoter) {
    return Subscription.builder(EVALUATIONS)
        .topics(Topics.MODELS)
        .on(EventType.MODEL_EVALUATED, ModelEvaluated.class, promoter::onEvaluated)
        .on(EventType.MODEL_SERVE_REQUESTED, ModelServeRequested.class, promoter::onServeRequested)
        .build();
  }

  // The transactional parts have nothing to do (the replica that made the change recorded
  // everything); the handlers exist because a broadcast subscription reacts only to the types it
  // handles. Each replica then reads the recorded rows on its follower's thread: a consumer must
  // not download models.
  @Produces
  Subscription routing(ServingState state) {
    return Subscription.builder(ROUTING)
        .topics(Topics.MODELS, Topics.SERVING)
        .broadcast()
        .on(EventType.MODEL_PROMOTED, ModelPromoted.class, (event, context) -> {})
        .on(EventType.MODEL_ROLLED_BACK, ModelRolledBack.class, (event, context) -> {})
        .on(EventType.ROLLOUT_STARTED, RolloutStarted.class, (event, context) -> {})
        .on(EventType.ROLLOUT_PROGRESSED, RolloutProgressed.class, (event, context) -> {})
        .onEveryReplica(event -> state.follow(event.subject()))
        .build();
  }
}

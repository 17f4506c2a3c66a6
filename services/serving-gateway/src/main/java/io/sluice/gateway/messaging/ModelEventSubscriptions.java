package io.sluice.gateway.messaging;

import io.sluice.eventing.Subscription;
import io.sluice.events.EventType;
import io.sluice.events.ModelEvaluated;
import io.sluice.events.ModelPromoted;
import io.sluice.events.Topics;
import io.sluice.gateway.serving.Promoter;
import io.sluice.gateway.serving.ServingState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * What the gateway reads from {@code sluice.models}: evaluations, handled once across replicas, and
 * its own promotions, which every replica follows so that all of them route alike.
 */
@ApplicationScoped
public class ModelEventSubscriptions {

  /** Consumer group that decides on evaluated versions. */
  public static final String EVALUATIONS = "serving-gateway.evaluations";

  /** Per-replica consumer that follows promotions. */
  public static final String ROUTING = "serving-gateway.routing";

  @Produces
  Subscription evaluations(Promoter promoter) {
    return Subscription.builder(EVALUATIONS)
        .topics(Topics.MODELS)
        .on(EventType.MODEL_EVALUATED, ModelEvaluated.class, promoter::onEvaluated)
        .build();
  }

  // The transactional part has nothing to do (the promoting replica recorded everything); the
  // handler exists because a broadcast subscription reacts only to the types it handles.
  @Produces
  Subscription routing(ServingState state) {
    return Subscription.builder(ROUTING)
        .topics(Topics.MODELS)
        .broadcast()
        .on(EventType.MODEL_PROMOTED, ModelPromoted.class, (event, context) -> {})
        .onEveryReplica(event -> state.follow(event.subject()))
        .build();
  }
}

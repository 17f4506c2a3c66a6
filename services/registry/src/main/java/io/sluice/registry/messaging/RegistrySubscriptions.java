package io.sluice.registry.messaging;

import io.sluice.eventing.Subscription;
import io.sluice.events.EventType;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelPromoted;
import io.sluice.events.ModelRolledBack;
import io.sluice.events.RolloutStarted;
import io.sluice.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * What the registry consumes: candidates to register, and the gateway's rollouts, promotions and
 * rollbacks that move the {@code challenger} and {@code champion} aliases.
 */
@ApplicationScoped
public class RegistrySubscriptions {

  /** Consumer group and deduplication scope of the registry's model events. */
  public static final String MODELS_CONSUMER = "registry.models";

  /** Consumer group and deduplication scope of the gateway's rollout events. */
  public static final String SERVING_CONSUMER = "registry.serving";

  @Produces
  Subscription modelEvents(CandidateHandler candidates, ServingHandler serving) {
    return Subscription.builder(MODELS_CONSUMER)
        .topics(Topics.MODELS)
        .on(EventType.MODEL_CANDIDATE, ModelCandidate.class, candidates::onCandidate)
        .on(EventType.MODEL_PROMOTED, ModelPromoted.class, serving::onPromoted)
        .on(EventType.MODEL_ROLLED_BACK, ModelRolledBack.class, serving::onRolledBack)
        .build();
  }

  @Produces
  Subscription servingEvents(ServingHandler serving) {
    return Subscription.builder(SERVING_CONSUMER)
        .topics(Topics.SERVING)
        .on(EventType.ROLLOUT_STARTED, RolloutStarted.class, serving::onRolloutStarted)
        .build();
  }
}

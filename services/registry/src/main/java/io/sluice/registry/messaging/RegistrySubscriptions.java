package io.sluice.registry.messaging;

import io.sluice.eventing.Subscription;
import io.sluice.events.EventType;
import io.sluice.events.ModelCandidate;
import io.sluice.events.ModelPromoted;
import io.sluice.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** What the registry consumes: candidates to register and promotions that move the champion. */
@ApplicationScoped
public class RegistrySubscriptions {

  /** Consumer group and deduplication scope of the registry's model events. */
  public static final String MODELS_CONSUMER = "registry.models";

  @Produces
  Subscription modelEvents(CandidateHandler candidates, PromotionHandler promotions) {
    return Subscription.builder(MODELS_CONSUMER)
        .topics(Topics.MODELS)
        .on(EventType.MODEL_CANDIDATE, ModelCandidate.class, candidates::onCandidate)
        .on(EventType.MODEL_PROMOTED, ModelPromoted.class, promotions::onPromoted)
        .build();
  }
}

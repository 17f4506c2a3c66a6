package io.sluice.launcher.messaging;

import io.sluice.eventing.Subscription;
import io.sluice.events.EventType;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepRequested;
import io.sluice.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** What the launcher consumes: step requests and cancellations on the runs topic. */
@ApplicationScoped
public class StepSubscriptions {

  /** Consumer group (and dedupe scope) of step requests. */
  public static final String STEPS_CONSUMER = "trainer-launcher.steps";

  @Produces
  Subscription stepEvents(StepRequestHandler handler) {
    return Subscription.builder(STEPS_CONSUMER)
        .topics(Topics.RUNS)
        .on(EventType.STEP_REQUESTED, StepRequested.class, handler::onRequested)
        .on(EventType.STEP_CANCEL_REQUESTED, StepCancelRequested.class, handler::onCancelRequested)
        .build();
  }
}

package io.sluice.orchestrator.run;

import io.sluice.eventing.Subscription;
import io.sluice.events.DataArrived;
import io.sluice.events.EventType;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepHeartbeat;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * What the orchestrator consumes: new dataset versions, what executors report about step attempts
 * (started, heartbeats, outcomes), and its own {@code run.succeeded} (to start chained pipelines).
 */
@ApplicationScoped
public class RunSubscriptions {

  /** Consumer group (and dedupe scope) of dataset events. */
  public static final String DATA_CONSUMER = "orchestrator.data";

  /** Consumer group (and dedupe scope) of run events. */
  public static final String RUNS_CONSUMER = "orchestrator.runs";

  @Produces
  Subscription dataEvents(RunStarter starter) {
    return Subscription.builder(DATA_CONSUMER)
        .topics(Topics.DATA)
        .on(EventType.DATA_ARRIVED, DataArrived.class, starter::onDataArrived)
        .build();
  }

  @Produces
  Subscription runEvents(RunAdvancer advancer, RunChainer chainer) {
    return Subscription.builder(RUNS_CONSUMER)
        .topics(Topics.RUNS)
        .on(EventType.STEP_STARTED, StepStarted.class, advancer::onStepStarted)
        .on(EventType.STEP_HEARTBEAT, StepHeartbeat.class, advancer::onStepHeartbeat)
        .on(EventType.STEP_DONE, StepDone.class, advancer::onStepDone)
        .on(EventType.STEP_FAILED, StepFailed.class, advancer::onStepFailed)
        .on(EventType.RUN_SUCCEEDED, RunSucceeded.class, chainer::onRunSucceeded)
        .build();
  }
}

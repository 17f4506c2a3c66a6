package io.sluice.orchestrator.run;

import io.sluice.eventing.EventHandler;
import io.sluice.eventing.Subscription;
import io.sluice.events.DataArrived;
import io.sluice.events.EventData;
import io.sluice.events.EventType;
import io.sluice.events.RunCancelled;
import io.sluice.events.RunFailed;
import io.sluice.events.RunStarted;
import io.sluice.events.RunSucceeded;
import io.sluice.events.StepCancelRequested;
import io.sluice.events.StepDone;
import io.sluice.events.StepFailed;
import io.sluice.events.StepHeartbeat;
import io.sluice.events.StepRequested;
import io.sluice.events.StepSkipped;
import io.sluice.events.StepStarted;
import io.sluice.events.Topics;
import io.sluice.orchestrator.timeline.TimelineStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * What the orchestrator consumes: new dataset versions, what executors report about step attempts
 * (started, heartbeats, outcomes), its own {@code run.succeeded} (to start chained pipelines), and
 * every other event about a run, for its timeline.
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

  /**
   * Every event about a run also goes into its timeline, in the transaction that handles it: the
   * executors' reports, and the orchestrator's own events, which come back through Kafka (also
   * those no event caused: a cancel over REST, a watchdog's judgement).
   */
  @Produces
  Subscription runEvents(RunAdvancer advancer, RunChainer chainer, RunQueue queue) {
    TimelineStore timeline = new TimelineStore();
    return Subscription.builder(RUNS_CONSUMER)
        .topics(Topics.RUNS)
        .on(EventType.STEP_STARTED, StepStarted.class, recorded(timeline, advancer::onStepStarted))
        .on(EventType.STEP_HEARTBEAT, StepHeartbeat.class, advancer::onStepHeartbeat)
        .on(EventType.STEP_DONE, StepDone.class, recorded(timeline, advancer::onStepDone))
        .on(EventType.STEP_FAILED, StepFailed.class, recorded(timeline, advancer::onStepFailed))
        .on(EventType.RUN_STARTED, RunStarted.class, recorded(timeline, null))
        .on(EventType.STEP_REQUESTED, StepRequested.class, recorded(timeline, null))
        .on(EventType.STEP_CANCEL_REQUESTED, StepCancelRequested.class, recorded(timeline, null))
        .on(EventType.STEP_SKIPPED, StepSkipped.class, recorded(timeline, null))
        .on(
            EventType.RUN_SUCCEEDED,
            RunSucceeded.class,
            recorded(timeline, both(queue::onRunSucceeded, chainer::onRunSucceeded)))
        .on(EventType.RUN_FAILED, RunFailed.class, recorded(timeline, queue::onRunFailed))
        .on(EventType.RUN_CANCELLED, RunCancelled.class, recorded(timeline, queue::onRunCancelled))
        .build();
  }

  /** One event type has one handler: this one applies {@code first}, then {@code second}. */
  private static <T extends EventData> EventHandler<T> both(
      EventHandler<T> first, EventHandler<T> second) {
    return (event, context) -> {
      first.handle(event, context);
      second.handle(event, context);
    };
  }

  /** Records the event in its run's timeline, then lets {@code handler} (if any) apply it. */
  private static <T extends EventData> EventHandler<T> recorded(
      TimelineStore timeline, EventHandler<T> handler) {
    return (event, context) -> {
      timeline.record(context.connection(), event);
      if (handler != null) {
        handler.handle(event, context);
      }
    };
  }
}

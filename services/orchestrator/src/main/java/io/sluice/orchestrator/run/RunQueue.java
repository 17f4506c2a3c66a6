package io.sluice.orchestrator.run;

import io.sluice.eventing.EventContext;
import io.sluice.events.EventEnvelope;
import io.sluice.events.RunCancelled;
import io.sluice.events.RunFailed;
import io.sluice.events.RunSucceeded;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/**
 * Lets queued runs start when a run of their pipeline ends. It reacts to the run's end event (which
 * every way a run ends emits through the outbox), so no path that ends a run can forget the queue,
 * and a redelivered end finds the slot taken and starts nothing more.
 */
@ApplicationScoped
public class RunQueue {

  private final RunStarter starter;

  public RunQueue(RunStarter starter) {
    this.starter = starter;
  }

  public void onRunSucceeded(EventEnvelope<RunSucceeded> event, EventContext context)
      throws SQLException {
    starter.startQueued(context.connection(), event.data().pipelineName());
  }

  public void onRunFailed(EventEnvelope<RunFailed> event, EventContext context)
      throws SQLException {
    starter.startQueued(context.connection(), event.data().pipelineName());
  }

  public void onRunCancelled(EventEnvelope<RunCancelled> event, EventContext context)
      throws SQLException {
    starter.startQueued(context.connection(), event.data().pipelineName());
  }
}

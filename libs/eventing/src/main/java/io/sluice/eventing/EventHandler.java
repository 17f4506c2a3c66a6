package io.sluice.eventing;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;

/** Applies one event inside a transaction. Called at most once per event id and consumer. */
@FunctionalInterface
public interface EventHandler<T extends EventData> {

  void handle(EventEnvelope<T> event, EventContext context) throws Exception;
}

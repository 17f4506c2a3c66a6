package io.sluice.gateway;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.ModelPromoted;
import io.sluice.testkit.events.TestEventBus;
import java.util.List;

/** The gateway tests' view of the models topic: events as the registry sends them, promotions. */
final class ModelEvents {

  private ModelEvents() {}

  /** A first event of a chain, from the registry, about {@code subject}. */
  static <T extends EventData> EventEnvelope<T> first(String subject, T data) {
    return EventEnvelope.first("registry", subject, null, data);
  }

  /** Every {@code model.promoted} for the model that {@code bus} has seen so far. */
  static List<ModelPromoted> promoted(TestEventBus bus, String modelName) {
    return bus
        .envelopes(ModelPromoted.class, event -> event.data().modelName().equals(modelName))
        .stream()
        .map(EventEnvelope::data)
        .toList();
  }
}

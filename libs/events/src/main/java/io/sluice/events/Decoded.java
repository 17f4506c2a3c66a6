package io.sluice.events;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one Kafka record: an event, or the reason it can never be used (which
 * belongs on the dead-letter topic). Decoding never throws.
 */
public sealed interface Decoded permits Decoded.Event, Decoded.Unusable {

  /** A valid event of a known type. */
  record Event(EventEnvelope<?> envelope) implements Decoded {

    public Event {
      Objects.requireNonNull(envelope, "envelope");
    }

    public EventType type() {
      return envelope.type();
    }

    /** The envelope typed to {@code dataClass}, or empty when the data is of another type. */
    @SuppressWarnings("unchecked")
    public <T extends EventData> Optional<EventEnvelope<T>> as(Class<T> dataClass) {
      return dataClass.isInstance(envelope.data())
          ? Optional.of((EventEnvelope<T>) envelope)
          : Optional.empty();
    }
  }

  /**
   * A record that no retry will make usable.
   *
   * @param reason a sentence naming the header or field at fault
   */
  record Unusable(String reason) implements Decoded {

    public Unusable {
      Objects.requireNonNull(reason, "reason");
    }
  }
}

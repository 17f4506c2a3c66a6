package io.sluice.eventing;

/**
 * An event bigger than Kafka will take. Thrown by {@link Outbox#append} before the row is written,
 * so the transaction that tried to announce it fails loudly instead of leaving a row in the outbox
 * that can never be published. Large content goes by reference (an object in the store), not
 * inline.
 */
public final class EventTooLargeException extends IllegalArgumentException {

  public EventTooLargeException(String eventId, String eventType, long bytes, long limit) {
    super(
        eventType
            + " "
            + eventId
            + " is "
            + bytes
            + " bytes, over the "
            + limit
            + " bytes an event may take on Kafka; put large content in the object store and"
            + " refer to it");
  }
}

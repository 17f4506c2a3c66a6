package io.sluice.orchestrator.run;

import io.sluice.events.EventData;
import io.sluice.events.EventEnvelope;
import io.sluice.events.UuidV7;
import java.time.Instant;

/**
 * The {@code step.failed} a retry timer waits on behalf of, kept with the timer so that the retry's
 * {@code step.requested}, emitted later by the scheduler, continues the same event chain.
 *
 * @param eventId the failure's event id: the retry's causation id
 * @param correlationId the chain's correlation id
 * @param traceparent the W3C trace context, or null
 */
public record RetryCause(String eventId, String correlationId, String traceparent) {

  public static RetryCause of(EventEnvelope<?> failure) {
    return new RetryCause(failure.id(), failure.correlationId(), failure.traceparent());
  }

  /** An event caused by the failure, as {@link EventEnvelope#causedBy} would build it. */
  public <T extends EventData> EventEnvelope<T> causedEvent(
      String service, String subject, T data) {
    return new EventEnvelope<>(
        UuidV7.nextString(),
        EventEnvelope.sourceOf(service),
        Instant.now(),
        subject,
        correlationId,
        eventId,
        traceparent,
        data);
  }
}

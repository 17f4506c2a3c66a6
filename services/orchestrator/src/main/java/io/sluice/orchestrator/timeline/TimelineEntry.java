package io.sluice.orchestrator.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One change of a run or of one of its steps, with the event that made it.
 *
 * @param seq the entry's place in the run's timeline (the cursor of the next page)
 * @param eventType the event's type, e.g. {@code step.failed}
 * @param eventId the event's id
 * @param time when the event was made
 * @param step the step it is about, or null for the run itself
 * @param attempt the step's attempt, or null
 * @param detail a short line: the failure's reason and message, the cancel reason, the trigger
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(
    long seq,
    String eventType,
    String eventId,
    Instant time,
    String step,
    Integer attempt,
    String detail) {}

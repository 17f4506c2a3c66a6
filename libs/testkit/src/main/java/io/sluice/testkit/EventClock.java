package io.sluice.testkit;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out event times with MinIO's sequencer: the event time in Unix nanoseconds as upper-case
 * hex. Consumers order a key's events by the sequencer, so it strictly increases here even when two
 * events fall into the same clock tick.
 */
final class EventClock {

  /** One event's time and its sequencer value (Unix nanoseconds, made unique). */
  record Stamp(Instant time, long nanos) {
    String sequencer() {
      return Long.toHexString(nanos).toUpperCase(Locale.ROOT);
    }
  }

  private final Clock clock;
  private final AtomicLong last = new AtomicLong();

  EventClock(Clock clock) {
    this.clock = clock;
  }

  Stamp next() {
    Instant now = clock.instant();
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long nanos = last.updateAndGet(previous -> Math.max(previous + 1, nowNanos));
    return new Stamp(Instant.ofEpochSecond(0, nanos), nanos);
  }
}

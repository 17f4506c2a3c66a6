package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventClockTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30.123456789Z");

  @Test
  void sequencerIsUnixNanosInUpperCaseHex() {
    EventClock clock = new EventClock(Clock.fixed(NOW, ZoneOffset.UTC));

    EventClock.Stamp stamp = clock.next();

    assertThat(stamp.time()).isEqualTo(NOW);
    assertThat(stamp.sequencer()).isEqualTo("18EA5684DE28E115").hasSize(16);
  }

  @Test
  void eventsInTheSameClockTickGetIncreasingSequencers() {
    EventClock clock = new EventClock(Clock.fixed(NOW, ZoneOffset.UTC));

    EventClock.Stamp first = clock.next();
    EventClock.Stamp second = clock.next();

    assertThat(second.nanos()).isGreaterThan(first.nanos());
    assertThat(second.sequencer()).isGreaterThan(first.sequencer());
  }
}

package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadWatermarkTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final Map<Integer, Long> ends = new HashMap<>();
  private final Map<Integer, Long> committed = new HashMap<>();
  private Instant now = T0;

  private final ReadWatermark watermark =
      new ReadWatermark(
          new ReadWatermark.Offsets() {
            @Override
            public Map<Integer, Long> ends() {
              return Map.copyOf(ends);
            }

            @Override
            public Map<Integer, Long> committed() {
              return Map.copyOf(committed);
            }
          },
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public java.time.ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          });

  private void later(int seconds) {
    now = now.plus(Duration.ofSeconds(seconds));
  }

  @Test
  void aGroupBehindTheTopicGivesNoWatermarkUntilItPassesWhatWasPublishedAtTheCheckpoint() {
    ends.put(0, 10L);
    committed.put(0, 5L);
    assertThat(watermark.advance()).as("restarted with heartbeats unread").isEmpty();

    later(10);
    ends.put(0, 12L);
    committed.put(0, 9L);
    assertThat(watermark.advance()).isEmpty();

    later(10);
    committed.put(0, 10L);
    assertThat(watermark.advance())
        .as("everything published before the first checkpoint is applied, not more")
        .contains(T0);
  }

  @Test
  void aCaughtUpGroupMovesTheWatermarkToNowAndABacklogHoldsItThere() {
    ends.put(0, 4L);
    committed.put(0, 4L);
    assertThat(watermark.advance()).contains(T0);

    later(10);
    ends.put(0, 500L);
    assertThat(watermark.advance()).contains(T0);
    later(10);
    assertThat(watermark.advance()).as("still behind the checkpoint").contains(T0);

    later(10);
    committed.put(0, 500L);
    assertThat(watermark.advance()).as("caught up, and at the end now").contains(now);
  }

  @Test
  void everyPartitionMustBeReadAndOnlyEmptyOnesNeedNoCommit() {
    ends.put(0, 0L);
    ends.put(1, 3L);
    committed.put(0, 0L);
    assertThat(watermark.advance()).isEmpty();

    later(5);
    committed.put(1, 3L);
    assertThat(watermark.advance()).as("past the checkpoint, and at the end now").contains(now);
  }
}

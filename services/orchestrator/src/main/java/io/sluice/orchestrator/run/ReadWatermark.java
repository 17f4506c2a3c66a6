package io.sluice.orchestrator.run;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A time before which every event on the runs topic has been applied: the orchestrator judges a
 * lease or a deadline only against this, never against the clock alone. Right after a restart, or
 * while the consumers are behind, heartbeats and outcomes may still wait unread in Kafka; an
 * attempt is not lost because the orchestrator has not read its heartbeat yet.
 *
 * <p>How: note the time, then the topic's end offsets (a checkpoint). Once the consumer group has
 * committed at least those offsets on every partition, everything published before that time has
 * been applied (offsets are committed only after their records were), and the checkpoint's time
 * becomes the watermark. Under steady traffic the group is rarely at the very end, but it passes a
 * checkpoint soon after it was taken, so the watermark trails the clock by about one interval while
 * the consumers keep up, and stops moving while they do not.
 */
final class ReadWatermark {

  /** The topic's end offsets and the group's committed offsets, by partition. */
  interface Offsets {
    Map<Integer, Long> ends();

    Map<Integer, Long> committed();
  }

  private record Checkpoint(Instant at, Map<Integer, Long> ends) {}

  private final Offsets offsets;
  private final Clock clock;
  private Checkpoint pending;
  private Instant watermark;

  ReadWatermark(Offsets offsets, Clock clock) {
    this.offsets = offsets;
    this.clock = clock;
  }

  /**
   * Moves the watermark as far as the group has read, and takes the next checkpoint.
   *
   * @return the watermark, empty until the group has first been seen to pass a checkpoint
   * @throws RuntimeException when Kafka cannot be asked; the watermark stays where it was
   */
  synchronized Optional<Instant> advance() {
    if (pending != null) {
      if (!covers(offsets.committed(), pending.ends())) {
        return current();
      }
      watermark = pending.at();
      pending = null;
    }
    // The time first: every record published before it is below the end offsets read after it.
    Instant at = clock.instant();
    Map<Integer, Long> ends = offsets.ends();
    if (covers(offsets.committed(), ends)) {
      watermark = at;
    } else {
      pending = new Checkpoint(at, ends);
    }
    return current();
  }

  /** The watermark as last advanced. */
  synchronized Optional<Instant> current() {
    return Optional.ofNullable(watermark);
  }

  private static boolean covers(Map<Integer, Long> committed, Map<Integer, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(end -> end.getValue() <= committed.getOrDefault(end.getKey(), 0L));
  }
}

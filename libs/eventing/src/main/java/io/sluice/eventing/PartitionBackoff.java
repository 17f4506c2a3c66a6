package io.sluice.eventing;

import java.time.Duration;
import java.time.Instant;

/** Exponential backoff of one paused partition: each failure doubles the wait, up to a cap. */
final class PartitionBackoff {

  private final Duration initial;
  private final Duration max;
  private Duration current;
  private Instant due = Instant.MIN;

  PartitionBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records a failure and returns how long to wait before the next try. */
  Duration fail() {
    current = current == null ? initial : min(current.multipliedBy(2), max);
    due = Instant.now().plus(current);
    return current;
  }

  boolean isDue(Instant now) {
    return !now.isBefore(due);
  }

  Duration untilDue(Instant now) {
    Duration left = Duration.between(now, due);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

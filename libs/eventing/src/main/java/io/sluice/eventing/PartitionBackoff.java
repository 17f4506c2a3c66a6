package io.sluice.eventing;

import java.time.Duration;
import java.time.Instant;

/**
 * Exponential backoff of one paused partition: each failure doubles the wait, up to a cap. It also
 * remembers which record the partition is stuck on, since when, and how often that record failed
 * while the database was reachable (what tells a poison record from an outage).
 */
final class PartitionBackoff {

  private final Duration initial;
  private final Duration max;
  private final Instant since = Instant.now();
  private Duration current;
  private volatile Instant due = Instant.MIN;
  private volatile long offset = -1;
  private volatile int attempts;
  private volatile int poisonAttempts;

  PartitionBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records a failure of the record at {@code offset} and returns how long to wait. */
  Duration fail(long failedOffset) {
    if (failedOffset != offset) {
      offset = failedOffset;
      poisonAttempts = 0;
    }
    attempts++;
    current = current == null ? initial : min(current.multipliedBy(2), max);
    due = Instant.now().plus(current);
    return current;
  }

  /** Counts a failure that was not the database's; returns how many in a row. */
  int countPoisonAttempt() {
    return ++poisonAttempts;
  }

  int poisonAttempts() {
    return poisonAttempts;
  }

  int attempts() {
    return attempts;
  }

  /** How long the partition has been failing. */
  Duration stuckFor(Instant now) {
    return Duration.between(since, now);
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

package io.sluice.events;

import java.time.Instant;

/** Checks on the start and end times that step events carry. */
final class Times {

  private Times() {}

  static void inOrder(Instant startedAt, Instant finishedAt) {
    if (startedAt != null && finishedAt != null && finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException(
          "finishedAt " + finishedAt + " is before startedAt " + startedAt);
    }
  }
}

package io.sluice.cli.health;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, the caller gives up, or a deadline passes. */
public final class Poller {

  private static final Duration INTERVAL = Duration.ofMillis(250);

  private Poller() {}

  /**
   * Polls {@code done} while {@code keepGoing} holds and {@code deadline} has not passed.
   *
   * @return whether {@code done} held
   */
  public static boolean until(BooleanSupplier done, BooleanSupplier keepGoing, Instant deadline) {
    while (true) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (!keepGoing.getAsBoolean() || Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}

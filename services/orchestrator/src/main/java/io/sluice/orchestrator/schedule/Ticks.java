package io.sluice.orchestrator.schedule;

import io.sluice.orchestrator.spec.Cron;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Which tick a due schedule fires for. After downtime several ticks may have passed: like a
 * Kubernetes CronJob, only the most recent one fires (one catch-up run), the others are counted as
 * missed.
 *
 * @param fireAt the tick to fire for now
 * @param missed earlier ticks passed over without a run
 * @param next the tick after it, which is in the future
 */
public record Ticks(Instant fireAt, int missed, Instant next) {

  /** The tick of a cron expression that has no next tick: never. */
  public static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");

  /** Bounds the walk over missed ticks (a per-minute cron after a week down is 10,080). */
  static final int MAX_WALK = 100_000;

  /** The tick to fire for a schedule due at {@code due} when it is {@code now} (due <= now). */
  public static Ticks of(Cron cron, ZoneId zone, Instant due, Instant now) {
    Instant fireAt = due;
    int missed = 0;
    Instant next = cron.next(fireAt, zone).orElse(NEVER);
    while (!next.isAfter(now) && missed < MAX_WALK) {
      fireAt = next;
      missed++;
      next = cron.next(fireAt, zone).orElse(NEVER);
    }
    while (!next.isAfter(now)) {
      next = cron.next(now, zone).orElse(NEVER);
    }
    return new Ticks(fireAt, missed, next);
  }
}

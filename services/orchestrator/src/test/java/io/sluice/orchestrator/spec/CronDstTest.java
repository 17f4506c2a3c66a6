package io.sluice.orchestrator.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Cron ticks in a time zone, across daylight saving time (Europe/Paris: clocks go forward at 02:00
 * on 2026-03-29 and back at 03:00 on 2026-10-25). What is pinned here is documented in
 * docs/pipeline-spec.md (Schedules).
 */
class CronDstTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void aDailyTickIsAtTheSameWallClockTimeInWinterAndSummer() {
    Cron twoAm = Cron.parse("0 2 * * *");

    assertThat(twoAm.next(Instant.parse("2026-01-10T12:00:00Z"), PARIS))
        .contains(Instant.parse("2026-01-11T01:00:00Z"));
    assertThat(twoAm.next(Instant.parse("2026-07-10T12:00:00Z"), PARIS))
        .contains(Instant.parse("2026-07-11T00:00:00Z"));
    assertThat(twoAm.next(Instant.parse("2026-01-10T12:00:00Z"), ZoneId.of("UTC")))
        .contains(Instant.parse("2026-01-11T02:00:00Z"));
  }

  @Test
  void aTimeThatDoesNotExistWhenClocksGoForwardDoesNotFireThatDay() {
    Instant next =
        Cron.parse("30 2 * * *").next(Instant.parse("2026-03-28T12:00:00Z"), PARIS).orElseThrow();

    // 02:30 does not exist on 29 March (02:00 CET is 03:00 CEST): as with a Kubernetes CronJob,
    // that day has no tick, and the next is 02:30 CEST on the 30th.
    assertThat(next).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
  }

  @Test
  void aTimeRepeatedWhenClocksGoBackFiresOnce() {
    Cron twoThirty = Cron.parse("30 2 * * *");
    Instant first = twoThirty.next(Instant.parse("2026-10-24T12:00:00Z"), PARIS).get();
    Instant second = twoThirty.next(first, PARIS).get();

    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET): only the first fires.
    assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(second).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void anHourlyTickKeepsItsPaceThroughTheRepeatedHour() {
    Cron hourly = Cron.parse("0 * * * *");
    Instant tick = Instant.parse("2026-10-24T23:30:00Z");
    StringBuilder ticks = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      tick = hourly.next(tick, PARIS).get();
      ticks.append(tick).append(' ');
    }
    assertThat(ticks.toString().trim())
        .isEqualTo(
            "2026-10-25T00:00:00Z 2026-10-25T01:00:00Z 2026-10-25T02:00:00Z 2026-10-25T03:00:00Z");
  }
}

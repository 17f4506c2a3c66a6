package io.sluice.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How long the retry scheduler sleeps: until the next timer, never longer than the recheck. */
class RetrySchedulerTest {

  private static final Duration RECHECK = Duration.ofMinutes(1);

  @Test
  void sleepsUntilTheNextTimerIsDue() {
    assertThat(RetryScheduler.sleepBefore(Optional.of(Duration.ofMillis(4_250)), RECHECK))
        .isEqualTo(Duration.ofMillis(4_250));
  }

  @Test
  void sleepsAtMostTheRecheckIntervalSoOtherReplicasTimersAreFound() {
    assertThat(RetryScheduler.sleepBefore(Optional.of(Duration.ofHours(2)), RECHECK))
        .isEqualTo(RECHECK);
    assertThat(RetryScheduler.sleepBefore(Optional.empty(), RECHECK)).isEqualTo(RECHECK);
  }

  @Test
  void aDueTimerItCouldNotLockIsLookedAtAgainShortly() {
    assertThat(RetryScheduler.sleepBefore(Optional.of(Duration.ZERO), RECHECK))
        .isEqualTo(RetryScheduler.BUSY_RUN_PAUSE);
    assertThat(RetryScheduler.sleepBefore(Optional.of(Duration.ofMillis(-30)), RECHECK))
        .isEqualTo(RetryScheduler.BUSY_RUN_PAUSE);
  }
}

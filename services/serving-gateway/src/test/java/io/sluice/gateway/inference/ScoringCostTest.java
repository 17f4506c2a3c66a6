package io.sluice.gateway.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoringCostTest {

  private static final long MICRO = 1_000;

  private final ScoringCost cost = new ScoringCost(4, 500 * MICRO, 200 * MICRO);

  @Test
  void newVersionRunsOffTheLoopUntilItsProbesWereMeasured() {
    assertThat(cost.runsInline()).isFalse();
    for (int i = 0; i < 3; i++) {
      cost.record(30 * MICRO);
      assertThat(cost.runsInline()).as("after %d probes", i + 1).isFalse();
    }
    cost.record(30 * MICRO);
    assertThat(cost.runsInline()).isTrue();
  }

  @Test
  void slowVersionNeverComesOnTheLoop() {
    for (int i = 0; i < 100; i++) {
      cost.record(50_000 * MICRO);
    }
    assertThat(cost.runsInline()).isFalse();
    assertThat(cost.averageNanos()).isEqualTo(50_000 * MICRO);
  }

  @Test
  void oneRequestEightTimesTheLimitMovesAFastVersionOffTheLoopAtOnce() {
    probeFast();
    cost.record(4_001 * MICRO);
    assertThat(cost.runsInline()).as("average %d ns", cost.averageNanos()).isFalse();
  }

  @Test
  void oneRequestSlowedByTheMachineLeavesAFastVersionOnTheLoop() {
    probeFast();
    cost.record(3_000 * MICRO);
    assertThat(cost.runsInline()).as("average %d ns", cost.averageNanos()).isTrue();
    cost.record(30 * MICRO);
    assertThat(cost.runsInline()).isTrue();
  }

  @Test
  void aVersionThatTurnsSlowMovesOffWithinAFewRequests() {
    probeFast();
    int requests = 0;
    while (cost.runsInline() && requests < 100) {
      cost.record(800 * MICRO);
      requests++;
    }
    assertThat(cost.runsInline()).isFalse();
    assertThat(requests).isBetween(2, 12);
  }

  @Test
  void versionComesBackOnlyOnceItsAverageIsBelowTheLowerLimit() {
    probeFast();
    cost.record(5_000 * MICRO);
    // Between the limits: neither slow enough to stay moved for good nor fast enough to return.
    for (int i = 0; i < 50; i++) {
      cost.record(300 * MICRO);
    }
    assertThat(cost.runsInline()).as("average %d ns", cost.averageNanos()).isFalse();
    int requests = 0;
    while (!cost.runsInline() && requests < 100) {
      cost.record(30 * MICRO);
      requests++;
    }
    assertThat(cost.runsInline()).isTrue();
    assertThat(cost.averageNanos()).isLessThan(200 * MICRO);
    assertThat(requests).isGreaterThan(1);
  }

  @Test
  void requestBetweenTheLimitsKeepsAnInlineVersionInline() {
    probeFast();
    cost.record(400 * MICRO);
    assertThat(cost.runsInline()).isTrue();
  }

  private void probeFast() {
    for (int i = 0; i < 4; i++) {
      cost.record(30 * MICRO);
    }
    assertThat(cost.runsInline()).isTrue();
  }
}

package io.sluice.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.e2e.fault.FaultPlan.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void sameSeedGivesTheSamePlan() {
    assertThat(FaultPlan.of(42)).isEqualTo(FaultPlan.of(42));
  }

  @Test
  void crashesEveryServiceTheBrokerAndPostgresOnceEach() {
    List<String> crashed = FaultPlan.of(7).stream().map(Fault::component).toList();

    assertThat(crashed).containsExactlyInAnyOrderElementsOf(FaultPlan.COMPONENTS);
  }

  @Test
  void otherSeedsGiveOtherOrders() {
    List<List<String>> orders =
        List.of(1L, 2L, 3L, 4L).stream()
            .map(seed -> FaultPlan.of(seed).stream().map(Fault::component).toList())
            .distinct()
            .toList();

    assertThat(orders).hasSizeGreaterThan(1);
  }

  @Test
  void eachCrashWaitsForAtLeastOneAndAtMostTheMaximumOfEvents() {
    assertThat(FaultPlan.of(99))
        .allSatisfy(
            fault -> assertThat(fault.afterEvents()).isBetween(1, FaultPlan.MAX_EVENTS_BEFORE));
  }
}

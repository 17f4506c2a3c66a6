package io.sluice.eventing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogIdsTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aDetachedTaskStartsWithoutTheIdsItsThreadInherited() {
    // Quarkus' log manager hands a new thread its creator's MDC; a detached task drops it.
    MDC.put("event", "the-first-event");
    Map<String, Object> seen = new HashMap<>(Map.of("marker", "not run"));

    LogIds.detached(
            () -> {
              seen.clear();
              seen.putAll(MDC.getMap());
            })
        .run();

    assertThat(seen).isEmpty();
  }

  @Test
  void anAttemptsWorkIsLoggedWithItsIdsOnlyAndLeavesNothingBehind() {
    MDC.put("event", "someone-else");
    Map<String, Object> seen = new HashMap<>();

    LogIds.forAttempt("run-1", "train", 2, () -> seen.putAll(MDC.getMap())).run();

    assertThat(seen)
        .containsOnly(
            Map.entry("run", "run-1"), Map.entry("step", "train"), Map.entry("attempt", "2"));
    assertThat(MDC.getMap()).isEmpty();
  }
}

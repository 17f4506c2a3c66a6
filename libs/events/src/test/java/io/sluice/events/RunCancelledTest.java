package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class RunCancelledTest {

  @Test
  void aCancelWithoutAPersonIsWrittenWithoutTheFieldAndReadsBack() throws Exception {
    RunCancelled cancelled = new RunCancelled("r", "p", "pv", "d", "dv", "newer run");

    JsonNode json = Json.mapper().valueToTree(cancelled);

    assertThat(json.has("cancelledBy")).isFalse();
    assertThat(Json.mapper().treeToValue(json, RunCancelled.class)).isEqualTo(cancelled);
  }

  @Test
  void theCancellingSubjectRoundTrips() throws Exception {
    RunCancelled cancelled = new RunCancelled("r", "p", "pv", "d", "dv", "wrong data", "alice");

    String json = Json.mapper().writeValueAsString(cancelled);

    assertThat(json).contains("\"cancelledBy\":\"alice\"");
    assertThat(Json.mapper().readValue(json, RunCancelled.class).cancelledBy()).isEqualTo("alice");
  }

  @Test
  void aBlankSubjectIsRefused() {
    assertThatThrownBy(() -> new RunCancelled("r", "p", "pv", "d", "dv", "x", " "))
        .hasMessageContaining("cancelledBy");
  }
}

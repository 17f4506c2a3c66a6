package io.sluice.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A gate rule's validation and its JSON, old payloads included. */
class GateRuleTest {

  @Test
  void championComparisonAloneIsARule() {
    GateRule rule = new GateRule("accuracy", null, null, 0.0);

    assertThat(rule.comparesWithChampion()).isTrue();
    assertThat(rule.admits(0.1)).isTrue();
  }

  @Test
  void negativeGainIsATolerance() {
    assertThat(new GateRule("accuracy", 0.8, null, -0.02).minGainOverChampion()).isEqualTo(-0.02);
  }

  @Test
  void threeArgumentRuleDoesNotCompareWithTheChampion() {
    GateRule rule = new GateRule("accuracy", 0.9, null);

    assertThat(rule.minGainOverChampion()).isNull();
    assertThat(rule.comparesWithChampion()).isFalse();
  }

  @Test
  void ruleWithoutAnyBoundOrGainIsRefused() {
    assertThatThrownBy(() -> new GateRule("accuracy", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a min or a max, or a minGainOverChampion");
  }

  @Test
  void nonFiniteGainIsRefused() {
    assertThatThrownBy(() -> new GateRule("accuracy", null, null, Double.NaN))
        .hasMessageContaining("minGainOverChampion must be a finite number");
    assertThatThrownBy(() -> new GateRule("accuracy", null, null, Double.POSITIVE_INFINITY))
        .hasMessageContaining("minGainOverChampion must be a finite number");
  }

  @Test
  void ruleWithGainSurvivesAJsonRoundTrip() throws Exception {
    GateRule rule = new GateRule("accuracy", 0.9, null, 0.01);

    String json = Json.mapper().writeValueAsString(rule);

    assertThat(json)
        .isEqualTo(
            "{\"metric\":\"accuracy\",\"min\":0.9,\"max\":null,\"minGainOverChampion\":0.01}");
    assertThat(Json.mapper().readValue(json, GateRule.class)).isEqualTo(rule);
  }

  @Test
  void ruleWithoutGainIsWrittenAsBeforeTheFieldExisted() throws Exception {
    String json = Json.mapper().writeValueAsString(new GateRule("accuracy", 0.9, null));

    assertThat(json).isEqualTo("{\"metric\":\"accuracy\",\"min\":0.9,\"max\":null}");
  }

  @Test
  void oldPayloadWithoutTheFieldStillReads() throws Exception {
    GateRule rule =
        Json.mapper()
            .readValue("{\"metric\":\"log_loss\",\"min\":null,\"max\":0.5}", GateRule.class);

    assertThat(rule).isEqualTo(new GateRule("log_loss", null, 0.5));
  }

  @Test
  void payloadWithOnlyTheGainReads() throws Exception {
    GateRule rule =
        Json.mapper()
            .readValue("{\"metric\":\"accuracy\",\"minGainOverChampion\":0.0}", GateRule.class);

    assertThat(rule).isEqualTo(new GateRule("accuracy", null, null, 0.0));
  }
}
